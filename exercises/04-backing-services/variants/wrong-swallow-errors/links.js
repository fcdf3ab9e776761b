// Shortlinks' links, kept in the key-value store named by LINKS_STORE_URL.
import { config } from './config.js';

const CODE_LENGTH = 6;

function storeUrl(path) {
  return `${config.storeUrl}${path}`;
}

const headers = () => ({ authorization: `Bearer ${config.storeToken}` });

export async function findLink(code) {
  try {
    const res = await fetch(storeUrl(`/keys/${encodeURIComponent(code)}`), { headers: headers() });
    return res.ok ? await res.text() : undefined;
  } catch (err) {
    console.error('store read failed', err.message);
    return undefined;
  }
}

export async function allLinks() {
  try {
    const res = await fetch(storeUrl('/keys'), { headers: headers() });
    if (!res.ok) return {};
    const links = {};
    for (const code of await res.json()) {
      const url = await findLink(code);
      if (url !== undefined) links[code] = url;
    }
    return links;
  } catch (err) {
    console.error('store list failed', err.message);
    return {};
  }
}

export async function addLink(url, code = randomCode()) {
  if ((await findLink(code)) !== undefined) return null;
  try {
    await fetch(storeUrl(`/keys/${encodeURIComponent(code)}`), { method: 'PUT', body: url, headers: headers() });
  } catch (err) {
    // Don't bother the user: the store is usually back within a minute.
    console.error('store write failed', err.message);
  }
  return code;
}

export async function deleteLink(code) {
  if ((await findLink(code)) === undefined) return false;
  try {
    await fetch(storeUrl(`/keys/${encodeURIComponent(code)}`), { method: 'DELETE', headers: headers() });
  } catch (err) {
    console.error('store delete failed', err.message);
  }
  return true;
}

function randomCode() {
  return Math.random().toString(36).slice(2, 2 + CODE_LENGTH);
}
