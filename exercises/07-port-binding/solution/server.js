// Starts Shortlinks as a self-contained web service (factor VII, port binding).
// The platform, or you on your machine, decides the port and passes it in PORT;
// the app binds that port itself with Node's own HTTP server. Which public
// hostname leads here is the routing layer's business, not the app's.
import http from 'node:http';
import { handleRequest } from './links.js';

const port = portFromEnvironment(process.env.PORT);
const server = http.createServer(handleRequest);

server.listen(port, () => {
  console.log(`Shortlinks listening on port ${server.address().port}`);
});

/** A missing or malformed PORT is a broken deploy: say so and stop, rather than guess a port nobody routes to. */
function portFromEnvironment(value) {
  if (value === undefined || value.trim() === '') {
    console.error('PORT is not set. Start Shortlinks with the port to listen on, for example: PORT=4000 node server.js');
    process.exit(1);
  }
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`PORT must be a whole number from 1 to 65535, but it is "${value}".`);
    process.exit(1);
  }
  return port;
}
