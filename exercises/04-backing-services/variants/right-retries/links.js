// Shortlinks' links: short code → long URL. They are kept in a key-value store, a
// backing service reached over HTTP. Which store, and its token, is config
// (LINKS_STORE_URL, LINKS_STORE_TOKEN): the code treats a store on this machine
// and a managed one alike. The store's API:
//   GET    /keys/<code>   200 with the long URL as plain text, or 404
//   PUT    /keys/<code>   body: the long URL → 204
//   DELETE /keys/<code>   → 204
//   GET    /keys          200 with a JSON array of every code
// When the store fails, every function here throws: app.js answers 503, and no
// link is ever "saved" anywhere else.
import { config } from './config.js';

/** How long generated codes are. The same in every deploy, so it is code, not config. */
const CODE_LENGTH = 6;
/** A store that does not answer within this time counts as unavailable. */
const STORE_TIMEOUT_MS = 1000;

/** Attempts per store request: a store that blips for a moment should not fail a user's request. */
const ATTEMPTS = 3;

/**
 * One request to the store, retried with a short back-off when the store cannot
 * be reached or answers 5xx. Resolves with the response (404 included, for GET);
 * throws when every attempt failed or the store refused the request.
 */
async function store(method, path, body) {
  let problem = '';
  for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
    if (attempt > 1) await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** (attempt - 2)));
    let res;
    try {
      res = await fetch(`${config.storeUrl}${path}`, {
        method,
        body,
        headers: { authorization: `Bearer ${config.storeToken}` },
        signal: AbortSignal.timeout(STORE_TIMEOUT_MS),
      });
    } catch (err) {
      problem = `cannot reach the links store (${err.cause?.code ?? err.name})`;
      continue;
    }
    if (res.ok || (method === 'GET' && res.status === 404)) return res;
    await res.arrayBuffer();
    problem = `the links store answered ${res.status} to ${method} ${path}`;
    if (res.status < 500) break; // 4xx will not get better by asking again
  }
  throw new Error(`${problem} (${ATTEMPTS} attempts)`);
}

/** The long URL for a code, or undefined. */
export async function findLink(code) {
  const res = await store('GET', `/keys/${encodeURIComponent(code)}`);
  const text = await res.text();
  return res.status === 404 ? undefined : text;
}

/** Every link, as { code: url }. */
export async function allLinks() {
  const codes = await (await store('GET', '/keys')).json();
  const links = {};
  for (const code of codes) {
    const url = await findLink(code);
    if (url !== undefined) links[code] = url;
  }
  return links;
}

/** Stores a link and returns its code, or null when the code asked for is taken. */
export async function addLink(url, code = randomCode()) {
  if ((await findLink(code)) !== undefined) return null;
  await store('PUT', `/keys/${encodeURIComponent(code)}`, url);
  return code;
}

/** Removes a link; false when there was none. */
export async function deleteLink(code) {
  if ((await findLink(code)) === undefined) return false;
  await store('DELETE', `/keys/${encodeURIComponent(code)}`);
  return true;
}

function randomCode() {
  return Math.random().toString(36).slice(2, 2 + CODE_LENGTH);
}
