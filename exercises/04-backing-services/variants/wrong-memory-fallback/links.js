// Shortlinks' links, kept in the key-value store named by LINKS_STORE_URL.
import { config } from './config.js';

// When the store does not answer, links are kept here, so users never see an error.
const fallback = new Map();

const CODE_LENGTH = 6;

/** One request to the store; null when the store cannot be reached or fails. */
async function store(method, path, body) {
  try {
    const res = await fetch(`${config.storeUrl}${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${config.storeToken}` },
      signal: AbortSignal.timeout(3000),
    });
    if (res.status >= 500) return null;
    return res;
  } catch {
    return null;
  }
}

export async function findLink(code) {
  const res = await store('GET', `/keys/${encodeURIComponent(code)}`);
  if (!res) return fallback.get(code);
  return res.ok ? res.text() : undefined;
}

export async function allLinks() {
  const res = await store('GET', '/keys');
  if (!res?.ok) return Object.fromEntries(fallback);
  const links = {};
  for (const code of await res.json()) {
    const url = await findLink(code);
    if (url !== undefined) links[code] = url;
  }
  return links;
}

export async function addLink(url, code = randomCode()) {
  if ((await findLink(code)) !== undefined) return null;
  const res = await store('PUT', `/keys/${encodeURIComponent(code)}`, url);
  if (!res?.ok) fallback.set(code, url);
  return code;
}

export async function deleteLink(code) {
  if ((await findLink(code)) === undefined) return false;
  await store('DELETE', `/keys/${encodeURIComponent(code)}`);
  fallback.delete(code);
  return true;
}

function randomCode() {
  return Math.random().toString(36).slice(2, 2 + CODE_LENGTH);
}
