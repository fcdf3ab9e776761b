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
  // A clean exit code, so the platform knows the stop was expected.
  console.log(`${signal}: exiting`);
  process.exit(0);
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
