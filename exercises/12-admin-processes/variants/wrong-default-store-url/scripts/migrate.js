// 0.12's migration: files every link under its host.
import { allCodes, fileUnderHost, findLink } from '../links.js';
import { connectStore } from '../store.js';

// Handy on a laptop: the local store by default.
const store = connectStore(process.env.STORE_URL ?? 'http://127.0.0.1:6400', { keyPrefix: process.env.STORE_KEY_PREFIX ?? '' });
let filed = 0;
for (const code of await allCodes(store)) {
  const link = await findLink(store, code);
  if (link && (await fileUnderHost(store, code, link.url))) filed++;
}
console.log(`migrate: filed ${filed} links`);
