// Shortlinks' web process. (It reads PORT: factor VII explains why.)
//   PORT=4000 STORE_URL=http://127.0.0.1:6400 QUEUE_URL=http://127.0.0.1:6500 node server.js
import http from 'node:http';
import { createApp } from './app.js';
import { log as root } from './log.js';
import { connectQueue } from './queue.js';
import { withRequestLog } from './request-log.js';
import { connectStore } from './store.js';

const log = root.child({ process: 'web' });
for (const name of ['PORT', 'STORE_URL', 'QUEUE_URL']) {
  if (!process.env[name]) {
    log.error(`${name} is not set`);
    process.exit(1);
  }
}
const port = Number(process.env.PORT);
const handle = createApp({ store: connectStore(process.env.STORE_URL), queue: connectQueue(process.env.QUEUE_URL) });
const server = http.createServer(withRequestLog(handle, log));
server.listen(port, () => log.info('listening', { port }));

process.once('SIGTERM', () => {
  log.info('SIGTERM: finishing the requests under way');
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
