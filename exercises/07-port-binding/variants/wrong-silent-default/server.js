import http from 'node:http';
import { handleRequest } from './links.js';

const port = Number(process.env.PORT) || 3000;
const server = http.createServer(handleRequest);
server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));
