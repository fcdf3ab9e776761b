// Which key-value store and job queue Shortlinks talks to. server.js and
// worker.js both call openBackends().
//
// One code path for every deploy: the services are located by STORE_URL and
// QUEUE_URL, whether this is a laptop, the test suite, staging or production.
// Development runs the same type and version of each service as production
// (compose.yaml), so there is nothing to swap. A missing variable stops the process
// with a message that names it; guessing a store, or keeping data in memory,
// would hide the mistake until production.
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

export function openBackends() {
  const missing = ['STORE_URL', 'QUEUE_URL'].filter((name) => !process.env[name]);
  if (missing.length) {
    console.error(`${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set: Shortlinks needs the store and the queue it is attached to (in development, start them with \`docker compose up -d\`).`);
    process.exit(1);
  }
  return { store: connectStore(String(process.env.STORE_URL)), queue: connectQueue(String(process.env.QUEUE_URL)) };
}
