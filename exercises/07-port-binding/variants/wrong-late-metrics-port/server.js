import http from 'node:http';
import { handleRequest } from './links.js';

const port = Number(process.env.PORT);
if (!process.env.PORT || !Number.isInteger(port) || port < 1 || port > 65535) {
  console.error(`PORT must be a port number from 1 to 65535, got ${JSON.stringify(process.env.PORT)}`);
  process.exit(1);
}

const server = http.createServer(handleRequest);
server.listen(port, () => {
  console.log(`Shortlinks listening on port ${port}`);
  // Once the app is up, expose metrics for the monitoring agent on its usual port.
  setTimeout(startMetrics, 500);
});

let requests = 0;
server.on('request', () => requests++);

function startMetrics() {
  http
    .createServer((req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' }).end(`shortlinks_requests_total ${requests}\n`);
    })
    .listen(9464);
}
