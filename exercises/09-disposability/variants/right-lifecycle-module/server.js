import { createServer } from 'node:http';
import { createApp } from './app.js';
import { onShutdown, requireEnv } from './lifecycle.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

const env = requireEnv(['PORT', 'STORE_URL', 'QUEUE_URL']);
const server = createServer(createApp({ store: connectStore(env.STORE_URL), queue: connectQueue(env.QUEUE_URL) }));
server.listen(Number(env.PORT), () => console.log(`listening on ${env.PORT}`));

let served = 0;
server.on('request', () => served++);
// unref(): this timer never keeps the process alive on its own.
setInterval(() => console.log(`requests served: ${served}`), 60_000).unref();

onShutdown(
  () =>
    new Promise((resolve) => {
      server.close(() => {
        console.log('server closed');
        resolve(undefined);
      });
      server.closeIdleConnections();
    }),
);
