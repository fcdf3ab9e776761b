// Shortlinks' requests, with its state moved to the key-value store.
//
//   POST /login     {"user": "ada"}       → 200 {"user"} and a session cookie (sid)
//   GET  /me                              → 200 {"user"} | 401 without a valid session
//   POST /logout                          → 204, the session ends
//   POST /links     {"url", "code"?}      → 201 {"code", "url", "owner"}  (needs a session) | 401 | 409 code taken
//   GET  /links                           → 200 {"code": "url", ...}
//   GET  /links/:code                     → 200 {"code", "url", "owner", "clicks"} | 404
//   GET  /:code                           → 302 to the link's URL, and one more click | 404
//   GET  /health                          → 200 {"status": "ok"}
import { cookies, newSessionId, randomCode, readJson, sendJson, sessionCookie, validCode, validUrl } from './web.js';

const SESSION_SECONDS = 60 * 60;

/** @param {ReturnType<typeof import('./store.js').connectStore>} store */
export async function createApp(store) {
  // Store keys: link:<code> → {url, owner}; clicks:<code> → count; session:<id> → {user, expires}.
  const getLink = (code) => store.getJson(`link:${code}`);
  const getClicks = async (code) => Number((await store.get(`clicks:${code}`)) ?? 0) + (pending.get(code) ?? 0);

  // One store write per click is too many: count in memory, and add the counts to the store every 5 s.
  /** @type {Map<string, number>} */
  const pending = new Map();
  async function flush() {
    const batch = [...pending];
    pending.clear();
    for (const [code, n] of batch) await store.set(`clicks:${code}`, String(Number((await store.get(`clicks:${code}`)) ?? 0) + n));
  }
  setInterval(() => flush().catch((err) => console.error(`flush failed: ${err.message}`)), 2000).unref();
  process.once('SIGTERM', () => flush().finally(() => process.exit(0)));

  /** The user of the request's session, or undefined. Expired sessions are removed from the store. */
  async function currentUser(req) {
    const id = cookies(req).sid;
    if (!id) return undefined;
    const session = await store.getJson(`session:${id}`);
    if (!session) return undefined;
    if (session.expires < Date.now()) {
      await store.delete(`session:${id}`);
      return undefined;
    }
    return session.user;
  }

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  return async function handle(req, res) {
    const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');
    const route = `${req.method} ${pathname}`;

    if (route === 'GET /health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });

    if (route === 'POST /login') {
      const input = await readJson(req);
      const user = typeof input?.user === 'string' ? input.user.trim() : '';
      if (!user) return sendJson(res, 400, { error: 'Send JSON like {"user": "ada"}' });
      const id = newSessionId();
      await store.setJson(`session:${id}`, { user, expires: Date.now() + SESSION_SECONDS * 1000 });
      return sendJson(res, 200, { user }, { 'set-cookie': sessionCookie(id, SESSION_SECONDS) });
    }

    if (route === 'GET /me') {
      const user = await currentUser(req);
      return user ? sendJson(res, 200, { user }) : sendJson(res, 401, { error: 'Not logged in' });
    }

    if (route === 'POST /logout') {
      const id = cookies(req).sid;
      if (id) await store.delete(`session:${id}`);
      res.writeHead(204, { 'set-cookie': sessionCookie('', 0) }).end();
      return;
    }

    if (route === 'POST /links') {
      const owner = await currentUser(req);
      if (!owner) return sendJson(res, 401, { error: 'Log in first: POST /login' });
      const input = await readJson(req);
      if (!validUrl(input?.url)) return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
      const code = validCode(input.code) ? input.code : randomCode();
      if (await getLink(code)) return sendJson(res, 409, { error: `The code ${code} is taken` });
      const link = { url: input.url, owner };
      await store.setJson(`link:${code}`, link);
      return sendJson(res, 201, { code, ...link });
    }

    if (route === 'GET /links') {
      const entries = await Promise.all(
        (await store.keys('link:')).map(async (key) => [key.slice('link:'.length), (await store.getJson(key))?.url]),
      );
      return sendJson(res, 200, Object.fromEntries(entries.filter(([, url]) => url)));
    }

    if (req.method === 'GET' && pathname.startsWith('/links/')) {
      const code = decodeURIComponent(pathname.slice('/links/'.length));
      const link = await getLink(code);
      if (!link) return sendJson(res, 404, { error: `No short link ${code}` });
      return sendJson(res, 200, { code, ...link, clicks: await getClicks(code) });
    }

    if (req.method === 'GET') {
      const code = decodeURIComponent(pathname.slice(1));
      const link = await getLink(code);
      if (link) {
        pending.set(code, (pending.get(code) ?? 0) + 1);
        res.writeHead(302, { location: link.url }).end();
        return;
      }
    }

    sendJson(res, 404, { error: `Nothing at ${route}` });
  };
}
