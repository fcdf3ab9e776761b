// Shortlinks' worker process: counts clicks. It takes each "click" job off the
// queue, records the click in the store, and acknowledges the job.
//   STORE_URL=http://127.0.0.1:6400 QUEUE_URL=http://127.0.0.1:6500 node worker.js
//
// Disposable: on SIGTERM it takes no new job, gives up the one in hand, returns it
// to the queue (release) and exits. If it is killed outright, the queue hands the
// job out again after its lease; recordClick() is idempotent, so a job that runs
// twice still counts one click.
import { setTimeout as sleep } from 'node:timers/promises';
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

const stopping = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    console.log(`worker: ${signal}, stopping`);
    stopping.abort();
  });
}

console.log('worker: waiting for click jobs');
while (!stopping.signal.aborted) {
  // A reserve is short and not interrupted: a job reserved but never seen could not be released.
  const job = await queue.reserve(CLICKS_QUEUE);
  if (!job) {
    await sleep(200, undefined, { signal: stopping.signal }).catch(() => {});
    continue;
  }
  if (stopping.signal.aborted) {
    await queue.release(job.id);
    break;
  }
  try {
    await recordClick(store, job.payload.code, job.id, { signal: stopping.signal });
  } catch (err) {
    // Interrupted by SIGTERM, or the store failed: either way the job is not done.
    await queue.release(job.id);
    if (stopping.signal.aborted) {
      console.log(`worker: returned job ${job.id} to the queue`);
      break;
    }
    console.error(`worker: job ${job.id} failed (${err.message}); returned to the queue`);
    await sleep(500);
    continue;
  }
  await queue.ack(job.id);
  console.log(`worker: counted a click on ${job.payload.code} (job ${job.id})`);
}
console.log('worker: stopped');
