// Which key-value store and job queue Shortlinks talks to. Development uses the
// real services now; the test suite keeps memory, so that tests stay fast.
import { memoryQueue, memoryStore } from './memory.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

export function openBackends() {
  if (process.env.NODE_ENV === 'test') return { store: memoryStore(), queue: memoryQueue() };
  for (const name of ['STORE_URL', 'QUEUE_URL']) {
    if (!process.env[name]) {
      console.error(`${name} is not set`);
      process.exit(1);
    }
  }
  return { store: connectStore(String(process.env.STORE_URL)), queue: connectQueue(String(process.env.QUEUE_URL)) };
}
