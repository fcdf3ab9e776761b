// 0.12's migration: files every link under its host, with the app's own store client.
import { allCodes, fileUnderHost, findLink } from '../links.js';
import { store } from '../server.js';

let filed = 0;
for (const code of await allCodes(store)) {
  const link = await findLink(store, code);
  if (link && (await fileUnderHost(store, code, link.url))) filed++;
}
console.log(`migrate: filed ${filed} links`);
