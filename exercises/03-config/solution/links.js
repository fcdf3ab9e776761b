// Shortlinks' store: short code → long URL. It knows nothing about HTTP, ports or
// deploys. (Kept in memory for now; a later factor moves it to a backing service.)

/** How long generated codes are. The same in every deploy, so it is code, not config. */
const CODE_LENGTH = 6;

const links = new Map([
  ['12f', 'https://12factor.net/'],
  ['config', 'https://12factor.net/config'],
]);

/** The long URL for a code, or undefined. */
export function findLink(code) {
  return links.get(code);
}

/** Every link, as { code: url }. */
export function allLinks() {
  return Object.fromEntries(links);
}

/** Stores a link and returns its code, or null when the code asked for is taken. */
export function addLink(url, code = randomCode()) {
  if (links.has(code)) return null;
  links.set(code, url);
  return code;
}

/** Removes a link; false when there was none. */
export function deleteLink(code) {
  return links.delete(code);
}

function randomCode() {
  return Math.random().toString(36).slice(2, 2 + CODE_LENGTH);
}
