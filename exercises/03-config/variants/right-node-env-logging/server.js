// Starts Shortlinks as a web service.
import http from 'node:http';
import { handleRequest } from './app.js';
import { config } from './config.js';

// NODE_ENV only chooses how log lines look for a human; it selects no settings.
const pretty = process.env.NODE_ENV === 'development';
const log = (event) => console.log(pretty ? `${event.event}: ${JSON.stringify(event)}` : JSON.stringify(event));

// The platform gives each process its port in PORT (factor VII, port binding, explains why).
const port = Number(process.env.PORT);
const server = http.createServer((req, res) => {
  res.on('finish', () => log({ event: 'request', method: req.method, path: req.url, status: res.statusCode }));
  handleRequest(req, res);
});
server.listen(port, () => log({ event: 'listening', port, publicUrl: config.publicUrl }));
