import { createServer } from 'node:http';
import { config } from './config.js';
import { handleRequest } from './links.js';

const server = createServer(handleRequest);
server.listen(config.port);
server.on('listening', () => console.log(JSON.stringify({ event: 'listening', port: config.port })));
