// In-memory stand-ins for the key-value store and the job queue, with the same
// methods as the clients in store.js and queue.js. backends.js uses them outside
// production: nothing to install, nothing to start, and tests run in a blink.
//
// They live inside one process. The web process and the worker each get their own,
// empty, copy, and everything is gone when the process stops.

/** A key-value store in a Map. Same methods as connectStore() in store.js. */
export function memoryStore() {
  /** @type {Map<string, string>} */
  const data = new Map();
  return {
    /** @param {string} key @param {{ signal?: AbortSignal }} [_options] @returns {Promise<string | undefined>} */
    async get(key, _options) {
      return data.get(key);
    },
    /** @param {string} key @param {string} value @param {{ signal?: AbortSignal }} [_options] */
    async set(key, value, _options) {
      data.set(key, value);
    },
    /** @param {string} key @param {{ signal?: AbortSignal }} [_options] */
    async delete(key, _options) {
      data.delete(key);
    },
    /** @param {string} [prefix] @param {{ signal?: AbortSignal }} [_options] @returns {Promise<string[]>} */
    async keys(prefix = '', _options) {
      return [...data.keys()].filter((key) => key.startsWith(prefix));
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
  };
}

/** A job queue in an array. Same methods as connectQueue() in queue.js. */
export function memoryQueue() {
  /** @type {{ id: string, queue: string, payload: unknown, state: 'pending' | 'reserved' | 'done' }[]} */
  const jobs = [];
  let nextId = 1;
  return {
    /** @param {string} queue @param {unknown} payload @returns {Promise<string>} */
    async push(queue, payload) {
      const job = { id: String(nextId++), queue, payload, state: /** @type {const} */ ('pending') };
      jobs.push(job);
      return job.id;
    },
    /** @param {string} queue @param {{ signal?: AbortSignal }} [_options] @returns {Promise<{ id: string, payload: any } | undefined>} */
    async reserve(queue, _options) {
      const job = jobs.find((j) => j.queue === queue && j.state === 'pending');
      if (!job) return undefined;
      job.state = 'reserved';
      return { id: job.id, payload: job.payload };
    },
    /** @param {string} id */
    async ack(id) {
      const job = jobs.find((j) => j.id === id);
      if (job) job.state = 'done';
    },
    /** @param {string} id */
    async release(id) {
      const job = jobs.find((j) => j.id === id);
      if (job && job.state !== 'done') job.state = 'pending';
    },
  };
}
