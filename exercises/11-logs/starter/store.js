// A small client for Shortlinks' key-value store, an attached resource reached
// over HTTP (factor IV). Its address comes from config (STORE_URL).
//
//   GET    /keys/:key  → 200 and the value as text, or 404
//   PUT    /keys/:key  → 204 (the request body is the new value)
//   DELETE /keys/:key  → 204
//   GET    /keys       → 200 and a JSON array of every key
// Values are strings. A PUT replaces the whole value; there is no increment, no
// transaction and no "write only if absent": every write is a plain overwrite.
// Every method takes an optional { signal } (an AbortSignal) to give up a call.

/** @param {string} storeUrl  e.g. http://127.0.0.1:6400 */
export function connectStore(storeUrl) {
  const base = new URL(storeUrl);
  const keyUrl = (/** @type {string} */ key) => new URL(`/keys/${encodeURIComponent(key)}`, base);

  /** @param {URL} url @param {RequestInit} init @param {string} what */
  async function call(url, init, what) {
    let res;
    try {
      res = await fetch(url, init);
    } catch (err) {
      if (init.signal?.aborted) throw err;
      throw new Error(`The store at ${base.origin} did not answer (${what}): ${err.cause?.code ?? err.message}`);
    }
    if (res.status >= 500) throw new Error(`The store at ${base.origin} failed (${what}): status ${res.status}`);
    return res;
  }

  return {
    /** The value of `key`, or undefined. @param {string} key @param {{ signal?: AbortSignal }} [options] @returns {Promise<string | undefined>} */
    async get(key, { signal } = {}) {
      const res = await call(keyUrl(key), { signal }, `GET ${key}`);
      if (res.status === 404) return undefined;
      return res.text();
    },
    /** Sets `key` to the string `value`. @param {string} key @param {string} value @param {{ signal?: AbortSignal }} [options] */
    async set(key, value, { signal } = {}) {
      await call(keyUrl(key), { method: 'PUT', body: value, signal }, `PUT ${key}`);
    },
    /** Removes `key`. @param {string} key @param {{ signal?: AbortSignal }} [options] */
    async delete(key, { signal } = {}) {
      await call(keyUrl(key), { method: 'DELETE', signal }, `DELETE ${key}`);
    },
    /** Every key that starts with `prefix`. @param {string} [prefix] @param {{ signal?: AbortSignal }} [options] @returns {Promise<string[]>} */
    async keys(prefix = '', { signal } = {}) {
      const res = await call(new URL('/keys', base), { signal }, 'GET /keys');
      /** @type {string[]} */
      const all = await res.json();
      return all.filter((key) => key.startsWith(prefix));
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
