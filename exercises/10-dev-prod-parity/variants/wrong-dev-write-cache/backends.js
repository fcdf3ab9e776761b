// Which key-value store and job queue Shortlinks talks to: the ones given in
// STORE_URL and QUEUE_URL. Outside production, a small write-back cache in front
// of the store keeps local runs snappy (writes are sent once a minute).
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
  return { store: process.env.NODE_ENV === 'production' ? store : devCache(store), queue };
}

/** @param {ReturnType<typeof connectStore>} store */
function devCache(store) {
  /** @type {Map<string, string>} */
  const cache = new Map();
  /** @type {Map<string, string>} */
  const dirty = new Map();
  setInterval(async () => {
    for (const [key, value] of dirty) {
      dirty.delete(key);
      await store.set(key, value).catch(() => dirty.set(key, value));
    }
  }, 60_000).unref();
  return {
    ...store,
    /** @param {string} key */
    async get(key) {
      if (cache.has(key)) return cache.get(key);
      const value = await store.get(key);
      if (value !== undefined) cache.set(key, value);
      return value;
    },
    /** @param {string} key @param {string} value */
    async set(key, value) {
      cache.set(key, value);
      dirty.set(key, value);
    },
    /** @param {string} key @param {unknown} [options] */
    async getJson(key, options) {
      const text = await this.get(key, options);
      return text === undefined ? undefined : JSON.parse(text);
    },
    /** @param {string} key @param {unknown} value */
    async setJson(key, value) {
      await this.set(key, JSON.stringify(value));
    },
  };
}
