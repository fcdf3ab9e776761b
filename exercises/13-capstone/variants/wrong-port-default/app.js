// Shortlinks' requests. The process keeps no state of its own (factor VI): links,
// clicks and sessions all live in the key-value store, so any instance can answer
// any request, and a restart loses nothing. Local variables last one request at most.
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
// Store keys: link:<code> → {"url", "owner"}; clicks:<code> → a count; session:<id> → {"user", "expires"}.
import { cookies, newSessionId, randomCode, readJson, sendJson, sessionCookie, validCode, validUrl } from './web.js';

const SESSION_SECONDS = 60 * 60;

/**
 * @param {{ store: ReturnType<typeof import('./store.js').connectStore>, config: import('./config.js').Config }} deps
 */
export function createApp({ store, config }) {
  const getLink = (code) => store.getJson(`link:${code}`);
  const getClicks = async (code) => Number((await store.get(`clicks:${code}`)) ?? 0);

  /** The user of the request's session, or undefined. */
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
      const owner = (await currentUser(req)) ?? null;
      const input = await readJson(req);
      if (!validUrl(input?.url)) return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
      const code = validCode(input.code) ? input.code : randomCode();
      if (await getLink(code)) return sendJson(res, 409, { error: `The code ${code} is taken` });
      const link = { url: input.url, owner };
      await store.setJson(`link:${code}`, link);
      return sendJson(res, 201, { code, ...link, shortUrl: `${config.publicUrl}/${code}` });
    }

    if (route === 'GET /links') {
      const entries = await Promise.all(
        (await store.keys('link:')).map(async (key) => [key.slice('link:'.length), (await store.getJson(key))?.url]),
      );
      return sendJson(res, 200, Object.fromEntries(entries.filter(([, url]) => url)));
    }

    if (req.method === 'DELETE' && pathname.startsWith('/links/')) {
      if (req.headers.authorization !== `Bearer ${config.adminToken}`) {
        return sendJson(res, 401, { error: 'Deleting links needs the admin token' }, { 'www-authenticate': 'Bearer' });
      }
      const code = decodeURIComponent(pathname.slice('/links/'.length));
      if (!(await getLink(code))) return sendJson(res, 404, { error: `No short link ${code}` });
      await store.delete(`link:${code}`);
      await store.delete(`clicks:${code}`);
      res.writeHead(204).end();
      return;
    }

    if (req.method === 'GET' && pathname.startsWith('/links/')) {
      const code = decodeURIComponent(pathname.slice('/links/'.length));
      const link = await getLink(code);
      if (!link) return sendJson(res, 404, { error: `No short link ${code}` });
      return sendJson(res, 200, { code, ...link, clicks: await getClicks(code) });
    }

    if (req.method === 'GET') {
      const code = decodeURIComponent(pathname.slice(1));
      const link = code ? await getLink(code) : undefined;
      if (link) {
        // Counted in the store before the redirect is answered.
        await store.set(`clicks:${code}`, String((await getClicks(code)) + 1));
        res.writeHead(302, { location: link.url }).end();
        return;
      }
    }

    sendJson(res, 404, { error: `Nothing at ${route}` });
  };
}
