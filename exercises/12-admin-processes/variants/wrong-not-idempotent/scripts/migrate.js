// 0.12's migration, moved out of POST /admin/migrate: files every link under its host.
import { storeConfig } from '../config.js';
import { HOST_PREFIX, allCodes, codesForHost, findLink, hostOf } from '../links.js';
import { connectStore } from '../store.js';

const { url, keyPrefix } = storeConfig();
const store = connectStore(url, { keyPrefix });
let filed = 0;
for (const code of await allCodes(store)) {
  const link = await findLink(store, code);
  if (!link) continue;
  const host = hostOf(link.url);
  const codes = await codesForHost(store, host);
  codes.push(code);
  await store.setJson(HOST_PREFIX + host, codes);
  filed++;
}
console.log(`migrate: filed ${filed} links under their hosts`);
