// Worker: one job at a time; the title goes under its own key, title:<code>.
import { connectQueue } from '../queue.js';
import { connectStore } from '../store.js';
import { fetchTitle } from '../titles.js';

const store = connectStore(process.env.STORE_URL);
const queue = connectQueue(process.env.QUEUE_URL);

function next(delayMs) {
  setTimeout(() => tick().then(next, (err) => (console.error('worker:', err.message), next(1000))), delayMs);
}

/** Handles at most one job; resolves with the delay before the next try. */
async function tick() {
  const job = await queue.reserve('titles');
  if (!job) return 250;
  const { code, url } = job.payload;
  const title = await fetchTitle(url);
  if (title !== null) await store.set(`title:${code}`, title);
  await queue.ack(job.id);
  console.log(`worker: ${code} → ${title}`);
  return 0;
}

next(0);
