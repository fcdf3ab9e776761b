// A worker that keeps several jobs in flight at once (async I/O inside one
// process); more throughput still comes from running more worker processes.
import { setTimeout as sleep } from 'node:timers/promises';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';
import { fetchTitle } from './titles.js';

const store = connectStore(process.env.STORE_URL ?? '');
const queue = connectQueue(process.env.QUEUE_URL ?? '');
const lanes = Math.max(1, Number(process.env.TITLE_CONCURRENCY) || 1);

async function* jobs() {
  for (;;) {
    const job = await queue.reserve('titles');
    if (job) yield job;
    else await sleep(150);
  }
}

async function lane(n) {
  for await (const job of jobs()) {
    const key = `link:${job.payload.code}`;
    try {
      const link = await store.getJson(key);
      if (link) {
        link.title = await fetchTitle(link.url);
        await store.setJson(key, link);
      }
      await queue.ack(job.id);
    } catch (err) {
      console.error(`worker lane ${n}: ${err.message}`);
      await queue.release(job.id).catch(() => {});
    }
  }
}

console.log(`worker: ${lanes} lanes`);
await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i + 1)));
