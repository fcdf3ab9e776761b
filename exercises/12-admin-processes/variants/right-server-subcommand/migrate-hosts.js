// 0.12's migration: files every link under its host. Safe to run again.
import { allCodes, fileUnderHost, findLink } from './links.js';

/** @param {import('./links.js').Store} store */
export async function fileLinksUnderHosts(store) {
  const codes = await allCodes(store);
  let filed = 0;
  for (const code of codes) {
    const link = await findLink(store, code);
    if (link && (await fileUnderHost(store, code, link.url))) filed++;
  }
  return { seen: codes.length, filed };
}
