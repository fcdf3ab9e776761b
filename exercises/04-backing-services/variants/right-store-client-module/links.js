// Shortlinks' links, kept in the key-value store the deploy attaches (see config.js).
import { config } from './config.js';
import { createStoreClient } from './store-client.js';

const CODE_LENGTH = 6;
const kv = createStoreClient({ url: config.linksStore.url, token: config.linksStore.token });

export const findLink = (code) => kv.get(code);

export async function allLinks() {
  const codes = await kv.keys();
  const pairs = await Promise.all(codes.map(async (code) => [code, await kv.get(code)]));
  return Object.fromEntries(pairs.filter(([, url]) => url !== undefined));
}

export async function addLink(url, code = randomCode()) {
  if ((await kv.get(code)) !== undefined) return null;
  await kv.put(code, url);
  return code;
}

export async function deleteLink(code) {
  if ((await kv.get(code)) === undefined) return false;
  await kv.delete(code);
  return true;
}

function randomCode() {
  return Math.random().toString(36).slice(2, 2 + CODE_LENGTH);
}
