// Shortlinks' routes. All state goes through state.js to the store; see the
// starter's app.js for the list of routes and answers.
import { stateIn } from './state.js';
import { cookies, newSessionId, randomCode, readJson, sendJson, sessionCookie, validCode, validUrl } from './web.js';

export async function createApp(store) {
  const state = stateIn(store);
  const userOf = (req) => state.sessions.user(cookies(req).sid);

  const routes = {
    'GET /health': async (req, res) => sendJson(res, 200, { status: 'ok', service: 'shortlinks' }),
    'POST /login': async (req, res) => {
      const user = (await readJson(req))?.user;
      if (typeof user !== 'string' || !user.trim()) return sendJson(res, 400, { error: 'Send JSON like {"user": "ada"}' });
      const id = newSessionId();
      await state.sessions.start(id, user.trim());
      sendJson(res, 200, { user: user.trim() }, { 'set-cookie': sessionCookie(id, 3600) });
    },
    'GET /me': async (req, res) => {
      const user = await userOf(req);
      if (user) sendJson(res, 200, { user });
      else sendJson(res, 401, { error: 'Not logged in' });
    },
    'POST /logout': async (req, res) => {
      await state.sessions.end(cookies(req).sid);
      res.writeHead(204, { 'set-cookie': sessionCookie('', 0) }).end();
    },
    'POST /links': async (req, res) => {
      const owner = await userOf(req);
      if (!owner) return sendJson(res, 401, { error: 'Log in first: POST /login' });
      const input = await readJson(req);
      if (!validUrl(input?.url)) return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
      const code = validCode(input.code) ? input.code : randomCode();
      if (await state.links.find(code)) return sendJson(res, 409, { error: `The code ${code} is taken` });
      await state.links.save(code, { url: input.url, owner });
      sendJson(res, 201, { code, url: input.url, owner });
    },
    'GET /links': async (req, res) => {
      sendJson(res, 200, Object.fromEntries((await state.links.all()).map(([code, link]) => [code, link.url])));
    },
  };

  return async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://x.invalid');
    const route = routes[`${req.method} ${pathname}`];
    if (route) return route(req, res);
    if (req.method !== 'GET') return sendJson(res, 404, { error: 'Not found' });

    const stats = /^\/links\/(.+)$/.exec(pathname);
    const code = decodeURIComponent(stats ? stats[1] : pathname.slice(1));
    const link = await state.links.find(code);
    if (!link) return sendJson(res, 404, { error: `No short link ${code}` });
    if (stats) return sendJson(res, 200, { code, ...link, clicks: await state.clicks.of(code) });
    await state.clicks.add(code);
    res.writeHead(302, { location: link.url }).end();
  };
}
