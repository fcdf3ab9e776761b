// A small client for the key-value store. It knows the store's API and nothing
// about where the store is: whoever creates it passes the URL and the token.

export class StoreUnavailableError extends Error {}

/**
 * @param {{ url: string, token: string, timeoutMs?: number }} options
 */
export function createStoreClient({ url, token, timeoutMs = 2500 }) {
  const base = url.endsWith('/') ? url : `${url}/`;

  async function send(method, key, body) {
    const target = new URL(key === undefined ? 'keys' : `keys/${encodeURIComponent(key)}`, base);
    let res;
    try {
      res = await fetch(target, {
        method,
        body,
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'text/plain' },
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (err) {
      throw new StoreUnavailableError(`links store unreachable: ${err.cause?.message ?? err.message}`);
    }
    if (method === 'GET' && res.status === 404) {
      await res.arrayBuffer();
      return undefined;
    }
    if (!res.ok) throw new StoreUnavailableError(`links store error: ${method} ${target.pathname} → ${res.status}`);
    return res;
  }

  return {
    async get(key) {
      const res = await send('GET', key);
      return res && res.text();
    },
    async put(key, value) {
      await send('PUT', key, value);
    },
    async delete(key) {
      await send('DELETE', key);
    },
    async keys() {
      return (await send('GET')).json();
    },
  };
}
