// Shortlinks' worker process: counts clicks. It takes each "click" job off the
// queue, records the click in the store, and acknowledges the job.
//   STORE_URL=http://127.0.0.1:6400 QUEUE_URL=http://127.0.0.1:6500 node worker.js
import { setTimeout as sleep } from 'node:timers/promises';
import { CLICKS_QUEUE } from './app.js';
import { recordClick } from './clicks.js';
import { log } from './log.js';
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
    log.info('stopping', { signal });
    stopping.abort();
  });
}

log.info('waiting for click jobs');
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
    log.error('click not counted, job returned to the queue', { job: job.id, code: job.payload.code, error: err.message });
    await sleep(500);
    continue;
  }
  await queue.ack(job.id);
  log.info('click counted', { code: job.payload.code, job: job.id });
}
log.info('stopped');
