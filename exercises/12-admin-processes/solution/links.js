// How Shortlinks keeps its links in the key-value store. Every part of the app
// goes through this module, so the formats below live in one place:
//
//   link:<code>  → {"url": "https://…", "createdAt": "2026-…"}
//   host:<host>  → ["<code>", …]   since 0.12: the codes of every link to <host>, so that
//                                   GET /hosts/:host needs one read. <host> is hostOf(url).

export const LINK_PREFIX = 'link:';
export const HOST_PREFIX = 'host:';

/**
 * The host a link is filed under: its host name in lower case, without a port
 * and without a leading "www." (https://WWW.Example.com:8443/a → example.com).
 * @param {string} url
 */
export function hostOf(url) {
  return new URL(url).hostname.toLowerCase().replace(/^www\./, '');
}

/** @typedef {ReturnType<typeof import('./store.js').connectStore>} Store */

/** The link stored under `code`, or undefined. @param {Store} store @param {string} code @returns {Promise<{ url: string, createdAt: string } | undefined>} */
export function findLink(store, code) {
  return store.getJson(LINK_PREFIX + code);
}

/** The code of every link. @param {Store} store */
export async function allCodes(store) {
  return (await store.keys(LINK_PREFIX)).map((key) => key.slice(LINK_PREFIX.length));
}

/** The codes filed under `host`. @param {Store} store @param {string} host @returns {Promise<string[]>} */
export async function codesForHost(store, host) {
  return (await store.getJson(HOST_PREFIX + host)) ?? [];
}

/**
 * Files `code` under the host of `url`, unless it is filed there already (so a
 * second call changes nothing). Returns whether it wrote anything.
 * @param {Store} store @param {string} code @param {string} url
 */
export async function fileUnderHost(store, code, url) {
  const host = hostOf(url);
  const codes = await codesForHost(store, host);
  if (codes.includes(code)) return false;
  await store.setJson(HOST_PREFIX + host, [...codes, code]);
  return true;
}

/** Stores a new link and files it under its host. @param {Store} store @param {string} code @param {string} url */
export async function createLink(store, code, url) {
  await store.setJson(LINK_PREFIX + code, { url, createdAt: new Date().toISOString() });
  await fileUnderHost(store, code, url);
}
