// Shortlinks' requests, as the app has grown over the years.
//
//   POST   /login         {"user": "ada"}    → 200 {"user"} and a session cookie (sid)
//   GET    /me                               → 200 {"user"} | 401 without a valid session
//   POST   /logout                           → 204, the session ends
//   POST   /links         {"url", "code"?}   → 201 {"code", "url", "owner", "shortUrl"} | 400 | 409 code taken
//   GET    /links                            → 200 {"code": "url", ...}
//   GET    /links/:code                      → 200 {"code", "url", "owner", "clicks"} | 404
//   DELETE /links/:code   (admin token)      → 204 | 401 | 404
//   GET    /:code                            → 302 to the link's URL, and one more click | 404
//   GET    /health                           → 200 {"status": "ok", "service": "shortlinks"}
//
// Anyone may shorten a link; a logged-in user's links name them as owner (null otherwise).
// Links are kept in the key-value store as link:<code> → {"url", "owner"}.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { config } from './config.js';
import { cookies, newSessionId, randomCode, readJson, sendJson, sessionCookie, validCode, validUrl } from './web.js';

const SESSION_SECONDS = 60 * 60;
const CLICKS_FILE = 'data/clicks.json';

/** @param {ReturnType<typeof import('./store.js').connectStore>} store */
export async function createApp(store) {
  // Redirects must be fast: every link is loaded from the store once, at start-up,
  // and from then on read from this Map. New links go to the store and the Map.
  /** @type {Map<string, { url: string, owner: string | null }>} */
  const links = new Map();
  for (const key of await store.keys('link:')) links.set(key.slice('link:'.length), await store.getJson(key));

  // Who is logged in: session id → { user, expires }.
  /** @type {Map<string, { user: string, expires: number }>} */
  const sessions = new Map();

  // Clicks per code. Saved to disk after every click, so that a restart does not lose them.
  /** @type {Map<string, number>} */
  const clicks = new Map(Object.entries(existsSync(CLICKS_FILE) ? JSON.parse(readFileSync(CLICKS_FILE, 'utf8')) : {}));
  const saveClicks = () => {
    mkdirSync('data', { recursive: true });
    writeFileSync(CLICKS_FILE, JSON.stringify(Object.fromEntries(clicks)));
  };

  /** The user of the request's session, or undefined. @param {import('node:http').IncomingMessage} req */
  function currentUser(req) {
    const session = sessions.get(cookies(req).sid ?? '');
    if (!session || session.expires < Date.now()) return undefined;
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
      sessions.set(id, { user, expires: Date.now() + SESSION_SECONDS * 1000 });
      return sendJson(res, 200, { user }, { 'set-cookie': sessionCookie(id, SESSION_SECONDS) });
    }

    if (route === 'GET /me') {
      const user = currentUser(req);
      return user ? sendJson(res, 200, { user }) : sendJson(res, 401, { error: 'Not logged in' });
    }

    if (route === 'POST /logout') {
      sessions.delete(cookies(req).sid ?? '');
      res.writeHead(204, { 'set-cookie': sessionCookie('', 0) }).end();
      return;
    }

    if (route === 'POST /links') {
      const owner = currentUser(req) ?? null;
      const input = await readJson(req);
      if (!validUrl(input?.url)) return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
      const code = validCode(input.code) ? input.code : randomCode();
      if (links.has(code)) return sendJson(res, 409, { error: `The code ${code} is taken` });
      const link = { url: input.url, owner };
      await store.setJson(`link:${code}`, link);
      links.set(code, link);
      return sendJson(res, 201, { code, ...link, shortUrl: `${config.publicUrl}/${code}` });
    }

    if (route === 'GET /links') {
      return sendJson(res, 200, Object.fromEntries([...links].map(([code, link]) => [code, link.url])));
    }

    if (req.method === 'DELETE' && pathname.startsWith('/links/')) {
      if (req.headers.authorization !== `Bearer ${config.adminToken}`) {
        return sendJson(res, 401, { error: 'Deleting links needs the admin token' }, { 'www-authenticate': 'Bearer' });
      }
      const code = decodeURIComponent(pathname.slice('/links/'.length));
      if (!links.has(code)) return sendJson(res, 404, { error: `No short link ${code}` });
      await store.delete(`link:${code}`);
      links.delete(code);
      res.writeHead(204).end();
      return;
    }

    if (req.method === 'GET' && pathname.startsWith('/links/')) {
      const code = decodeURIComponent(pathname.slice('/links/'.length));
      const link = links.get(code);
      if (!link) return sendJson(res, 404, { error: `No short link ${code}` });
      return sendJson(res, 200, { code, ...link, clicks: clicks.get(code) ?? 0 });
    }

    if (req.method === 'GET') {
      const code = decodeURIComponent(pathname.slice(1));
      const link = links.get(code);
      if (link) {
        clicks.set(code, (clicks.get(code) ?? 0) + 1);
        saveClicks();
        res.writeHead(302, { location: link.url }).end();
        return;
      }
    }

    sendJson(res, 404, { error: `Nothing at ${route}` });
  };
}
