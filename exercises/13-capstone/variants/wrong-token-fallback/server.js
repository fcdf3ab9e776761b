// Starts Shortlinks as a web service:
//   PORT=4000 PUBLIC_URL=https://sho.example.com ADMIN_TOKEN=… STORE_URL=http://localhost:6400 node server.js
//
// It binds the port given in PORT (factor VII), finds its store at STORE_URL (IV),
// takes every setting from the environment (III), keeps no state (VI), starts at
// once and, on SIGTERM, stops taking connections, finishes the requests under way
// and exits (IX).
import http from 'node:http';
import { createApp } from './app.js';
import { config } from './config.js';
import { connectStore } from './store.js';

/** If requests are still running this long after SIGTERM, give up on them (the platform's SIGKILL comes soon after). */
const DRAIN_LIMIT_MS = 20_000;

const handle = createApp({ store: connectStore(config.storeUrl), config });

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(`${req.method} ${req.url} failed: ${err.message}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'Shortlinks could not answer this request; its output says why' }));
  });
});

server.listen(config.port, () => {
  console.log(`Shortlinks listening on port ${config.port}; short links start with ${config.publicUrl}`);
});

/** @param {NodeJS.Signals} signal */
function shutdown(signal) {
  console.log(`${signal}: no new connections; finishing the requests under way`);
  // Stop listening; the callback runs once every connection has ended.
  server.close(() => {
    console.log('every request answered; exiting');
    process.exit(0);
  });
  // Idle keep-alive connections would otherwise hold close() up.
  server.closeIdleConnections();
  setTimeout(() => {
    console.error(`requests still running ${DRAIN_LIMIT_MS / 1000} s after ${signal}; exiting anyway`);
    process.exit(1);
  }, DRAIN_LIMIT_MS).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
