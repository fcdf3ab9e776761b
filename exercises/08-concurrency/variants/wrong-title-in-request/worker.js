// The worker process: fetches the titles of new links, one job at a time, from
// the queue at QUEUE_URL. Run more of them to get through more jobs: the queue
// hands each job to one worker only. It runs in the foreground, like the web process.
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';
import { fetchTitle } from './titles.js';

for (const name of ['STORE_URL', 'QUEUE_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set: it is the address of a backing service, for example http://localhost:6500`);
    process.exit(1);
  }
}

const store = connectStore(process.env.STORE_URL);
const queue = connectQueue(process.env.QUEUE_URL);
const sleep = (/** @type {number} */ ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** @param {{ id: string, payload: { code: string } }} job */
async function work(job) {
  const key = `link:${job.payload.code}`;
  const link = await store.getJson(key);
  if (!link) return; // deleted meanwhile: nothing to do
  link.title = await fetchTitle(link.url);
  await store.setJson(key, link);
  console.log(`worker: ${job.payload.code} is titled ${JSON.stringify(link.title)}`);
}

console.log('worker: waiting for jobs');
for (;;) {
  let job;
  try {
    job = await queue.reserve('titles');
  } catch (err) {
    console.error(`worker: ${err.message}`);
    await sleep(1000);
    continue;
  }
  if (!job) {
    await sleep(200);
    continue;
  }
  try {
    await work(job);
    await queue.ack(job.id); // only once the title is stored
  } catch (err) {
    console.error(`worker: job ${job.id} failed, back to the queue: ${err.message}`);
    await queue.release(job.id).catch(() => {});
    await sleep(1000);
  }
}
