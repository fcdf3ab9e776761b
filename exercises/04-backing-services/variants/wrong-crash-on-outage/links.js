// Shortlinks' links live in a key-value store: a backing service, located by config.
import http from 'node:http';
import https from 'node:https';
import { config } from './config.js';

class KeyValueStore {
  #base;
  #token;

  /** @param {string} url @param {string} token */
  constructor(url, token) {
    this.#base = new URL(url);
    this.#token = token;
  }

  /** @returns {Promise<{ status: number, body: string }>} */
  #request(method, path, body) {
    const url = new URL(this.#base.pathname.replace(/\/$/, '') + path, this.#base);
    const client = url.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(url, { method, headers: { authorization: `Bearer ${this.#token}` } }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: text }));
        res.on('error', reject);
      });
      req.end(body);
    });
  }

  async #ok(method, path, body) {
    const res = await this.#request(method, path, body);
    if (res.status < 200 || res.status > 299) throw new Error(`links store answered ${res.status} to ${method} ${path}`);
    return res;
  }

  async get(key) {
    const res = await this.#request('GET', `/keys/${encodeURIComponent(key)}`);
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`links store answered ${res.status} to GET`);
    return res.body;
  }

  async set(key, value) {
    await this.#ok('PUT', `/keys/${encodeURIComponent(key)}`, value);
  }

  async remove(key) {
    await this.#ok('DELETE', `/keys/${encodeURIComponent(key)}`);
  }

  async keys() {
    return JSON.parse((await this.#ok('GET', '/keys')).body);
  }
}

const store = new KeyValueStore(config.storeUrl, config.storeToken);

export function findLink(code) {
  return store.get(code);
}

export async function allLinks() {
  const result = {};
  for (const code of await store.keys()) {
    const url = await store.get(code);
    if (url !== undefined) result[code] = url;
  }
  return result;
}

export async function addLink(url, code = Math.random().toString(36).slice(2, 8)) {
  if ((await store.get(code)) !== undefined) return null;
  await store.set(code, url);
  return code;
}

export async function deleteLink(code) {
  if ((await store.get(code)) === undefined) return false;
  await store.remove(code);
  return true;
}
