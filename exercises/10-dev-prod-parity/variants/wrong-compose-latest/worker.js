// Shortlinks' worker process: counts clicks. It takes each "click" job off the
// queue, records the click in the store, and acknowledges the job.
//   STORE_URL=http://127.0.0.1:6400 QUEUE_URL=http://127.0.0.1:6500 node worker.js
//
// On SIGTERM it takes no new job, returns the one in hand to the queue and exits;
// recordClick() is idempotent, so a job that runs twice counts one click (factor IX).
import { setTimeout as sleep } from 'node:timers/promises';
import { CLICKS_QUEUE } from './app.js';
import { openBackends } from './backends.js';
import { recordClick } from './clicks.js';

const { store, queue } = openBackends();

const stopping = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    console.log(`worker: ${signal}, stopping`);
    stopping.abort();
  });
}

console.log('worker: waiting for click jobs');
while (!stopping.signal.aborted) {
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
    await queue.release(job.id);
    if (stopping.signal.aborted) break;
    console.error(`worker: job ${job.id} failed (${err.message}); returned to the queue`);
    await sleep(500);
    continue;
  }
  await queue.ack(job.id);
  console.log(`worker: counted a click on ${job.payload.code} (job ${job.id})`);
}
console.log('worker: stopped');
