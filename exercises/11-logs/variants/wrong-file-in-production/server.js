// Shortlinks' web process. (It reads PORT: factor VII explains why.)
//   PORT=4000 STORE_URL=http://127.0.0.1:6400 QUEUE_URL=http://127.0.0.1:6500 node server.js
//
// Its log is its stdout: one JSON event per line, one per request answered
// (log.js). The platform captures and routes the stream.
import http from 'node:http';
import { createApp } from './app.js';
import { log } from './log.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

for (const name of ['PORT', 'STORE_URL', 'QUEUE_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set`);
    process.exit(1);
  }
}
const port = Number(process.env.PORT);
const store = connectStore(process.env.STORE_URL);
const queue = connectQueue(process.env.QUEUE_URL);

const handle = createApp({ store, queue });
const server = http.createServer((req, res) => {
  const started = performance.now();
  // One event per request, written as soon as the answer has gone out. Counting
  // requests per minute is a job for the log indexing system, not for the app.
  res.once('finish', () => {
    log.info('request', {
      method: req.method,
      path: new URL(req.url ?? '/', 'http://shortlinks.invalid').pathname,
      status: res.statusCode,
      ms: Math.round(performance.now() - started),
    });
  });
  return handle(req, res);
});
server.listen(port, () => log.info('listening', { port }));

/** @param {NodeJS.Signals} signal */
function shutdown(signal) {
  log.info('shutting down', { signal });
  server.close(() => {
    log.info('stopped');
    process.exit(0);
  });
  server.closeIdleConnections();
  setTimeout(() => process.exit(1), 20_000).unref();
}
process.once('SIGTERM', () => shutdown('SIGTERM'));
process.once('SIGINT', () => shutdown('SIGINT'));
