// A small client for Shortlinks' key-value store, an attached resource reached
// over HTTP (factor IV). Its address, and the prefix of this deploy's keys, come
// from config (config.js).
//
//   GET    /keys/:key  → 200 and the value as text, or 404
//   PUT    /keys/:key  → 204 (the request body is the new value)
//   DELETE /keys/:key  → 204
//   GET    /keys       → 200 and a JSON array of every key
// Values are strings. A PUT replaces the whole value; there is no increment and no
// transaction. With a keyPrefix, every key is stored as keyPrefix + key, and keys()
// lists only this deploy's keys, without the prefix: the rest of the app never sees it.

/**
 * @param {string} storeUrl  e.g. http://127.0.0.1:6400
 * @param {{ keyPrefix?: string }} [options]
 */
export function connectStore(storeUrl, { keyPrefix = '' } = {}) {
  const base = new URL(storeUrl);
  const keyUrl = (/** @type {string} */ key) => new URL(`/keys/${encodeURIComponent(keyPrefix + key)}`, base);

  /** @param {URL} url @param {RequestInit} init @param {string} what */
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
    /** The value of `key`, or undefined. @param {string} key @returns {Promise<string | undefined>} */
    async get(key) {
      const res = await call(keyUrl(key), {}, `GET ${keyPrefix}${key}`);
      if (res.status === 404) return undefined;
      return res.text();
    },
    /** Sets `key` to the string `value`. @param {string} key @param {string} value */
    async set(key, value) {
      await call(keyUrl(key), { method: 'PUT', body: value }, `PUT ${keyPrefix}${key}`);
    },
    /** Removes `key`. @param {string} key */
    async delete(key) {
      await call(keyUrl(key), { method: 'DELETE' }, `DELETE ${keyPrefix}${key}`);
    },
    /** This deploy's keys that start with `prefix` (without the key prefix). @param {string} [prefix] @returns {Promise<string[]>} */
    async keys(prefix = '') {
      const res = await call(new URL('/keys', base), {}, 'GET /keys');
      /** @type {string[]} */
      const all = await res.json();
      return all.filter((key) => key.startsWith(keyPrefix + prefix)).map((key) => key.slice(keyPrefix.length));
    },
    /** @param {string} key */
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
