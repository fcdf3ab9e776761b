import { once } from 'node:events';
import { CLICKS_QUEUE } from './app.js';
import { recordClick } from './clicks.js';
import { onShutdown, requireEnv } from './lifecycle.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

const env = requireEnv(['STORE_URL', 'QUEUE_URL']);
const store = connectStore(env.STORE_URL);
const queue = connectQueue(env.QUEUE_URL);
const shutdown = new AbortController();
onShutdown(() => shutdown.abort());

/** Waits `ms`, or less if shutdown starts. */
async function pause(ms) {
  await Promise.race([new Promise((r) => setTimeout(r, ms)), once(shutdown.signal, 'abort')]);
}

async function handle(job) {
  // One controller per job: aborted by shutdown.
  const controller = new AbortController();
  const stop = () => controller.abort();
  shutdown.signal.addEventListener('abort', stop, { once: true });
  try {
    await recordClick(store, job.payload.code, job.id, { signal: controller.signal });
    await queue.ack(job.id);
  } catch (err) {
    await queue.release(job.id);
    if (!controller.signal.aborted) console.error(`click job ${job.id}: ${err.message}, released`);
  } finally {
    shutdown.signal.removeEventListener('abort', stop);
  }
}

while (!shutdown.signal.aborted) {
  const job = await queue.reserve(CLICKS_QUEUE);
  if (job && shutdown.signal.aborted) await queue.release(job.id);
  else if (job) await handle(job);
  else await pause(150);
}
process.exit(0);
