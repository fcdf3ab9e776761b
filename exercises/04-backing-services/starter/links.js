// Shortlinks' links: short code → long URL. They no longer live in this process:
// they are kept in a key-value store, a separate service that Shortlinks talks to
// over HTTP. The store's API:
//   GET    /keys/<code>   200 with the long URL as plain text, or 404
//   PUT    /keys/<code>   body: the long URL → 204
//   DELETE /keys/<code>   → 204
//   GET    /keys          200 with a JSON array of every code
// Every request must carry the store's token: "Authorization: Bearer <token>".

// The store runs on the same machine as the app, so it is always on localhost.
const STORE = 'http://127.0.0.1:7379';
const STORE_TOKEN = 'kv-local-5d2e81c4';

// When the store does not answer, links are kept here, so users never see an error.
const fallback = new Map();

/** How long generated codes are. The same in every deploy, so it is code, not config. */
const CODE_LENGTH = 6;

/** One request to the store; null when the store cannot be reached. */
async function store(method, path, body) {
  try {
    return await fetch(`${STORE}${path}`, {
      method,
      body,
      headers: { authorization: `Bearer ${STORE_TOKEN}` },
    });
  } catch {
    return null;
  }
}

/** The long URL for a code, or undefined. */
export async function findLink(code) {
  const res = await store('GET', `/keys/${encodeURIComponent(code)}`);
  if (!res) return fallback.get(code);
  return res.ok ? res.text() : undefined;
}

/** Every link, as { code: url }. */
export async function allLinks() {
  const res = await store('GET', '/keys');
  if (!res?.ok) return Object.fromEntries(fallback);
  const codes = await res.json();
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
  const res = await store('PUT', `/keys/${encodeURIComponent(code)}`, url);
  if (!res?.ok) fallback.set(code, url);
  return code;
}

/** Removes a link; false when there was none. */
export async function deleteLink(code) {
  if ((await findLink(code)) === undefined) return false;
  await store('DELETE', `/keys/${encodeURIComponent(code)}`);
  fallback.delete(code);
  return true;
}

function randomCode() {
  return Math.random().toString(36).slice(2, 2 + CODE_LENGTH);
}
