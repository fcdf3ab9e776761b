// 0.12: GET /hosts/:host reads host:<host>; file the links made before 0.12 there.
import { allCodes, fileUnderHost, findLink } from '../links.js';

/** @param {import('../links.js').Store} store */
export async function up(store) {
  for (const code of await allCodes(store)) {
    const link = await findLink(store, code);
    if (link) await fileUnderHost(store, code, link.url);
  }
}
