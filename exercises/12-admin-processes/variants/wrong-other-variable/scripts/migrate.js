// 0.12's migration: files every link under its host.
//   STORE_URL=… [KEY_PREFIX=…] npm run migrate
import { allCodes, fileUnderHost, findLink } from '../links.js';
import { connectStore } from '../store.js';

if (!process.env.STORE_URL) {
  console.error('STORE_URL is not set: the address of the key-value store');
  process.exit(1);
}
const store = connectStore(process.env.STORE_URL, { keyPrefix: process.env.KEY_PREFIX ?? '' });
let filed = 0;
for (const code of await allCodes(store)) {
  const link = await findLink(store, code);
  if (link && (await fileUnderHost(store, code, link.url))) filed++;
}
console.log(`migrate: filed ${filed} links`);
