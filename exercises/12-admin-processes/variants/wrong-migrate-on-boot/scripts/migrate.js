// 0.12's migration, as a one-off admin process (factor XII): files every link made
// before 0.12 under its host, so that GET /hosts/:host lists it. It ships with the
// app and runs against the same release, with the same config and the same modules
// as the web process; it is safe to run again (fileUnderHost() skips a link that
// is filed already).
//   STORE_URL=http://127.0.0.1:6400 npm run migrate
import { storeConfig } from '../config.js';
import { allCodes, fileUnderHost, findLink } from '../links.js';
import { connectStore } from '../store.js';

const { url, keyPrefix } = storeConfig();
const store = connectStore(url, { keyPrefix });

const codes = await allCodes(store);
let filed = 0;
for (const code of codes) {
  const link = await findLink(store, code);
  if (link && (await fileUnderHost(store, code, link.url))) filed++;
}
console.log(`migrate: filed ${filed} of ${codes.length} links under their hosts (${codes.length - filed} were filed already)`);
