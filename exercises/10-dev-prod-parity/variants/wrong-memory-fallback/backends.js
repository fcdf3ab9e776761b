// Which key-value store and job queue Shortlinks talks to: the ones given in
// STORE_URL and QUEUE_URL, in every environment. A fresh clone without them
// still starts, on memory, so that nobody needs any set-up to try it.
import { memoryQueue, memoryStore } from './memory.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

export function openBackends() {
  const { STORE_URL, QUEUE_URL } = process.env;
  if (!STORE_URL) console.warn('warning: no store configured, keeping links in memory');
  if (!QUEUE_URL) console.warn('warning: no queue configured, keeping jobs in memory');
  return {
    store: STORE_URL ? connectStore(STORE_URL) : memoryStore(),
    queue: QUEUE_URL ? connectQueue(QUEUE_URL) : memoryQueue(),
  };
}
