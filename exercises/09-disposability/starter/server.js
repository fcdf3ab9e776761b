// Shortlinks' web process. (It reads PORT: factor VII explains why.)
//   PORT=4000 STORE_URL=http://127.0.0.1:6400 QUEUE_URL=http://127.0.0.1:6500 node server.js
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
const store = connectStore(process.env.STORE_URL);
const queue = connectQueue(process.env.QUEUE_URL);

// Warm the cache before taking traffic, so that no visitor waits for the store.
const cache = new Map();
const keys = await store.keys('link:');
console.log(`warming the cache: ${keys.length} links`);
for (const key of keys) {
  const link = await store.getJson(key);
  if (link) cache.set(key.slice('link:'.length), link);
}

let served = 0;
const handle = createApp({ store, queue, cache });
const server = http.createServer((req, res) => {
  served++;
  return handle(req, res);
});
server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));

// Every minute, how busy we were.
setInterval(() => console.log(`requests served: ${served}`), 60_000);

process.on('SIGTERM', () => {
  console.log('SIGTERM: bye');
  process.exit(0);
});
