// One program for both roles. `node server.js --worker` only fetches titles.
// `node server.js` answers HTTP and, unless RUN_WORKER=false, fetches titles as
// well, so that a single process is enough in development.
import http from 'node:http';
import { createApp } from './app.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';
import { fetchTitle } from './titles.js';

const store = connectStore(process.env.STORE_URL);
const queue = connectQueue(process.env.QUEUE_URL);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function workLoop() {
  for (;;) {
    const job = await queue.reserve('titles').catch(() => undefined);
    if (!job) {
      await sleep(200);
      continue;
    }
    const key = `link:${job.payload.code}`;
    const link = await store.getJson(key);
    if (link) {
      link.title = await fetchTitle(link.url);
      await store.setJson(key, link);
    }
    await queue.ack(job.id);
  }
}

const isWorker = process.argv.includes('--worker');
if (!isWorker) {
  const port = Number(process.env.PORT);
  const handle = createApp(store, queue);
  http
    .createServer((req, res) => {
      handle(req, res).catch((err) => {
        console.error(err.message);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      });
    })
    .listen(port, () => console.log(`web: listening on port ${port}`));
}
if (isWorker || process.env.RUN_WORKER !== 'false') workLoop();
