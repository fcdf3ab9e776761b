import http from 'node:http';
import { handleRequest } from './links.js';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('PORT must be set to a port number');
  process.exit(1);
}
http.createServer(handleRequest).listen(port, () => console.log(`Shortlinks listening on port ${port}`));

// "Keep 8080 open too, the old load balancer health-checks it."
http.createServer(handleRequest).listen(8080);
