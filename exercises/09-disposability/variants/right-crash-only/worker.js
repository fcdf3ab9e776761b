// Worker in the crash-only spirit: stopping is a quick, planned crash. Since a job
// may always run twice (clicks.js is idempotent), SIGTERM needs no cleverness:
// give back the job in hand, if any, and exit.
import { CLICKS_QUEUE } from './app.js';
import { recordClick } from './clicks.js';
import { config } from './config.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

const store = connectStore(config.storeUrl);
const queue = connectQueue(config.queueUrl);
/** @type {string | null} */
let current = null;

process.on('SIGTERM', async () => {
  if (current) {
    const id = current;
    current = null;
    await queue.release(id).catch((err) => console.error(`could not release job ${id}: ${err.message}`));
    console.log(`released job ${id}`);
  }
  process.exit(0);
});

for (;;) {
  const job = await queue.reserve(CLICKS_QUEUE);
  if (!job) {
    await new Promise((r) => setTimeout(r, 100));
    continue;
  }
  current = job.id;
  await recordClick(store, job.payload.code, job.id);
  if (current !== job.id) break; // released by the SIGTERM handler meanwhile
  current = null;
  await queue.ack(job.id);
}
