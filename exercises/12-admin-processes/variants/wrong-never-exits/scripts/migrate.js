// 0.12's migration: files every link under its host, and shows its progress.
import { storeConfig } from '../config.js';
import { allCodes, fileUnderHost, findLink } from '../links.js';
import { connectStore } from '../store.js';

const { url, keyPrefix } = storeConfig();
const store = connectStore(url, { keyPrefix });

const codes = await allCodes(store);
let done = 0;
setInterval(() => console.log(`migrate: ${done} of ${codes.length} links`), 1000);
for (const code of codes) {
  const link = await findLink(store, code);
  if (link) await fileUnderHost(store, code, link.url);
  done++;
}
console.log('migrate: done');
