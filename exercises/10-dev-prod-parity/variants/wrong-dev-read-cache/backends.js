// Which key-value store and job queue Shortlinks talks to: the ones given in
// STORE_URL and QUEUE_URL. Outside production, values already read are kept in
// memory, to spare the developer's laptop.
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

export function openBackends() {
  for (const name of ['STORE_URL', 'QUEUE_URL']) {
    if (!process.env[name]) {
      console.error(`${name} is not set`);
      process.exit(1);
    }
  }
  const store = connectStore(String(process.env.STORE_URL));
  const queue = connectQueue(String(process.env.QUEUE_URL));
  if (process.env.NODE_ENV === 'production') return { store, queue };

  /** @type {Map<string, string>} */
  const seen = new Map();
  return {
    queue,
    store: {
      ...store,
      /** @param {string} key @param {{ signal?: AbortSignal }} [options] */
      async get(key, options) {
        if (seen.has(key)) return seen.get(key);
        const value = await store.get(key, options);
        if (value !== undefined) seen.set(key, value);
        return value;
      },
      /** @param {string} key @param {string} value @param {{ signal?: AbortSignal }} [options] */
      async set(key, value, options) {
        await store.set(key, value, options);
        seen.set(key, value);
      },
      /** @param {string} key @param {{ signal?: AbortSignal }} [options] */
      async getJson(key, options) {
        const text = await this.get(key, options);
        return text === undefined ? undefined : JSON.parse(text);
      },
      /** @param {string} key @param {unknown} value @param {{ signal?: AbortSignal }} [options] */
      async setJson(key, value, options) {
        await this.set(key, JSON.stringify(value), options);
      },
    },
  };
}
