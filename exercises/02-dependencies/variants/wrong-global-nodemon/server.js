// Starts Shortlinks as a web service. It reads its port from PORT: factor VII
// (port binding) explains why; here it only lets the checks start several copies.
import http from 'node:http';
import { handleRequest } from './links.js';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('PORT must be a port number, for example: PORT=4000 node server.js');
  process.exit(1);
}

http.createServer(handleRequest).listen(port, () => {
  console.log(`Shortlinks listening on port ${port}`);
});
