// Shortlinks' web process. (It reads PORT: factor VII explains why.)
//   PORT=4000 STORE_URL=http://127.0.0.1:6400 QUEUE_URL=http://127.0.0.1:6500 node server.js
//
// It starts listening at once, and on SIGTERM it stops accepting connections,
// lets the requests under way finish, and exits (factor IX).
import http from 'node:http';
import { createApp } from './app.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

for (const name of ['PORT', 'STORE_URL', 'QUEUE_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set`);
    process.exit(1);
  }
}
const port = Number(process.env.PORT);
const store = connectStore(String(process.env.STORE_URL));
const queue = connectQueue(String(process.env.QUEUE_URL));
/** If requests are still running this long after SIGTERM, give up on them (the platform's SIGKILL comes soon after). */
const DRAIN_LIMIT_MS = 20_000;

const server = http.createServer(createApp({ store, queue }));
server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));

/** @param {NodeJS.Signals} signal */
function shutdown(signal) {
  console.log(`${signal}: no new connections; finishing the requests under way`);
  server.close(() => process.exit(0));
  server.closeIdleConnections();
  setTimeout(() => {
    console.error(`requests still running ${DRAIN_LIMIT_MS / 1000} s after ${signal}; exiting anyway`);
    process.exit(1);
  }, DRAIN_LIMIT_MS).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
