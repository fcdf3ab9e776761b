import http from 'node:http';
import { handleRequest } from './links.js';

const server = http.createServer(handleRequest);
server.listen(process.env.PORT, () => console.log(`Shortlinks listening on port ${server.address().port}`));
