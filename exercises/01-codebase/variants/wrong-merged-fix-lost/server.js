// Starts Shortlinks. One codebase, many deploys: every deploy runs this same
// code, and differs from the others only by its environment (see config.js).
import http from 'node:http';
import { config } from './config.js';
import { createHandler } from './links.js';

const server = http.createServer(createHandler(config));

server.listen(config.port, () => {
  console.log(`Shortlinks (${config.deployName}) listening on port ${config.port}`);
});
