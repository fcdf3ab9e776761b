// Our old hosting container imports this module and mounts the handler in its own web server.
import { handleRequest } from './links.js';

export default handleRequest;
