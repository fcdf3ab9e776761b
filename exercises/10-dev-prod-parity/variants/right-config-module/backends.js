// The key-value store and the job queue this deploy is attached to.
import { config } from './config.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

export function openBackends() {
  return { store: connectStore(config.storeUrl), queue: connectQueue(config.queueUrl) };
}
