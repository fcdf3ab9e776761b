// Shortlinks' worker process: counts clicks. It takes each "click" job off the
// queue, records the click in the store, and acknowledges the job.
//   STORE_URL=http://127.0.0.1:6400 QUEUE_URL=http://127.0.0.1:6500 node worker.js
import { CLICKS_QUEUE } from './app.js';
import { recordClick } from './clicks.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

for (const name of ['STORE_URL', 'QUEUE_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set`);
    process.exit(1);
  }
}
const store = connectStore(process.env.STORE_URL);
const queue = connectQueue(process.env.QUEUE_URL);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

console.log('worker: waiting for click jobs');
for (;;) {
  const job = await queue.reserve(CLICKS_QUEUE);
  if (!job) {
    await sleep(200);
    continue;
  }
  await recordClick(store, job.payload.code, job.id);
  await queue.ack(job.id);
  console.log(`worker: counted a click on ${job.payload.code} (job ${job.id})`);
}
