// Which key-value store and job queue Shortlinks talks to. server.js and
// worker.js both call openBackends().
//
// Production attaches the real services, located by STORE_URL and QUEUE_URL.
// Everywhere else we spare developers the set-up: the store and the queue live in
// memory (memory.js), and the tests need no service at all.
import { memoryQueue, memoryStore } from './memory.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

export function openBackends() {
  if (process.env.NODE_ENV === 'production') {
    for (const name of ['STORE_URL', 'QUEUE_URL']) {
      if (!process.env[name]) {
        console.error(`${name} is not set`);
        process.exit(1);
      }
    }
    return { store: connectStore(process.env.STORE_URL), queue: connectQueue(process.env.QUEUE_URL) };
  }
  console.log(`NODE_ENV is ${process.env.NODE_ENV ?? 'not set'}: using the in-memory store and queue`);
  return { store: memoryStore(), queue: memoryQueue() };
}
