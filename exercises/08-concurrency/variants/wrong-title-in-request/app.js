// Shortlinks' requests. Links live in the key-value store (factors IV and VI),
// so every web process answers every request alike.
//
//   POST /links     {"url", "code"?}   → 201 {"code", "url", "title": null} | 400 | 409 code taken
//   GET  /links                        → 200 {"code": "url", ...}
//   GET  /links/:code                  → 200 {"code", "url", "title"} | 404
//   GET  /:code                        → 302 to the link's URL | 404
//   GET  /health                       → 200 {"status": "ok"}
//
// A link's title is the <title> of its target page. It is null until a worker
// has fetched the page (worker.js): creating a link only puts a job in the queue.
import { randomBytes } from 'node:crypto';
import { fetchTitle } from './titles.js';

/**
 * @param {ReturnType<typeof import('./store.js').connectStore>} store
 * @param {ReturnType<typeof import('./queue.js').connectQueue>} queue
 */
export function createApp(store, queue) {
  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  return async function handle(req, res) {
    const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');
    const route = `${req.method} ${pathname}`;

    if (route === 'GET /health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });

    if (route === 'POST /links') {
      const input = await readJson(req);
      if (!validUrl(input?.url)) return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
      const code = validCode(input.code) ? input.code : randomCode();
      if (await store.getJson(`link:${code}`)) return sendJson(res, 409, { error: `The code ${code} is taken` });
      // No timer any more: the title is fetched right here, with await, so it does not block
      // other requests. The worker stays in the Procfile for later jobs.
      const link = { url: input.url, title: await fetchTitle(input.url) };
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
      const link = await store.getJson(`link:${code}`);
      if (!link) return sendJson(res, 404, { error: `No short link ${code}` });
      return sendJson(res, 200, { code, url: link.url, title: link.title ?? null });
    }

    if (req.method === 'GET' && pathname.length > 1) {
      const link = await store.getJson(`link:${decodeURIComponent(pathname.slice(1))}`);
      if (link) {
        res.writeHead(302, { location: link.url }).end();
        return;
      }
    }

    sendJson(res, 404, { error: `Nothing at ${route}` });
  };
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} value */
function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** A JSON request body (at most 10 kB), or undefined. @param {import('node:http').IncomingMessage} req */
async function readJson(req) {
  let body = '';
  req.setEncoding('utf8');
  for await (const chunk of req) {
    body += chunk;
    if (body.length > 10_000) return undefined;
  }
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function randomCode() {
  return randomBytes(4).readUInt32BE().toString(36).padStart(6, '0').slice(-6);
}

/** @param {unknown} code */
function validCode(code) {
  return typeof code === 'string' && /^[a-z0-9-]{1,32}$/.test(code);
}

/** @param {unknown} url */
function validUrl(url) {
  try {
    return typeof url === 'string' && /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}
