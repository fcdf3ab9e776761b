// Starts Shortlinks as a web service.
import http from 'node:http';
import { handleRequest } from './app.js';
import { config } from './config.js';

// The platform gives each process its port in PORT (factor VII, port binding, explains why).
const port = Number(process.env.PORT);

const server = http.createServer(handleRequest);
server.listen(port, () => {
  console.log(`Shortlinks listening on port ${port}; short links start with ${config.publicUrl}`);
});
