// A small client for Shortlinks' key-value store, an attached resource reached
// over HTTP (factor IV, backing services). server.js passes it the store's
// address from config. This file is not part of the refactor: leave it as it is.
//
// The store speaks plain HTTP:
//   GET    /keys/:key  → 200 and the value as text, or 404
//   PUT    /keys/:key  → 204 (the request body is the new value)
//   DELETE /keys/:key  → 204
//   GET    /keys       → 200 and a JSON array of every key
// Values are strings; getJson/setJson store JSON text. There is no atomic
// increment and no expiry: a value stays until someone deletes it.

/**
 * @param {string} storeUrl  e.g. http://127.0.0.1:6400
 */
export function connectStore(storeUrl) {
  const base = new URL(storeUrl);
  const keyUrl = (/** @type {string} */ key) => new URL(`/keys/${encodeURIComponent(key)}`, base);

  async function call(url, init, what) {
    let res;
    try {
      res = await fetch(url, init);
    } catch (err) {
      throw new Error(`The store at ${base.origin} did not answer (${what}): ${err.cause?.code ?? err.message}`);
    }
    if (res.status >= 500) throw new Error(`The store at ${base.origin} failed (${what}): status ${res.status}`);
    return res;
  }

  return {
    /** The value of `key`, or undefined when there is none. @param {string} key @returns {Promise<string | undefined>} */
    async get(key) {
      const res = await call(keyUrl(key), {}, `GET ${key}`);
      if (res.status === 404) return undefined;
      return res.text();
    },
    /** Sets `key` to the string `value`. @param {string} key @param {string} value */
    async set(key, value) {
      await call(keyUrl(key), { method: 'PUT', body: value }, `PUT ${key}`);
    },
    /** Removes `key` (no error if it does not exist). @param {string} key */
    async delete(key) {
      await call(keyUrl(key), { method: 'DELETE' }, `DELETE ${key}`);
    },
    /** Every key that starts with `prefix`. @param {string} [prefix] @returns {Promise<string[]>} */
    async keys(prefix = '') {
      const res = await call(new URL('/keys', base), {}, 'GET /keys');
      /** @type {string[]} */
      const all = await res.json();
      return all.filter((key) => key.startsWith(prefix));
    },
    /** getJson/setJson: the same, for values stored as JSON text. @param {string} key */
    async getJson(key) {
      const text = await this.get(key);
      return text === undefined ? undefined : JSON.parse(text);
    },
    /** @param {string} key @param {unknown} value */
    async setJson(key, value) {
      await this.set(key, JSON.stringify(value));
    },
  };
}
