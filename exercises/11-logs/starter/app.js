// Shortlinks' HTTP routes. The web process (server.js) serves them.
//   GET  /health        → 200 {"status":"ok","service":"shortlinks"}
//   POST /links         {"url": "...", "code"?: "..."} → 201 {"code","url"}
//   GET  /links/:code   → 200 {"code","url","clicks"} | 404
//   GET  /:code         → 302 to the link, and a "click" job on the queue | 404
// Links live in the store as link:<code> = {"url","createdAt"}. Clicks are
// counted by the worker (worker.js), which takes the "click" jobs off the queue;
// clicks.js says how a click is stored and counted.
import { randomBytes } from 'node:crypto';
import { countClicks } from './clicks.js';

export const CLICKS_QUEUE = 'clicks';

/**
 * @param {{ store: ReturnType<typeof import('./store.js').connectStore>, queue: ReturnType<typeof import('./queue.js').connectQueue>, cache?: Map<string, { url: string }> }} deps
 *   cache: links already read, by code (optional; links not in it are read from the store)
 */
export function createApp({ store, queue, cache }) {
  /** @param {string} code */
  async function findLink(code) {
    return cache?.get(code) ?? (await store.getJson(`link:${code}`));
  }

  return async function handleRequest(/** @type {import('node:http').IncomingMessage} */ req, /** @type {import('node:http').ServerResponse} */ res) {
    try {
      const url = new URL(req.url ?? '/', 'http://shortlinks.invalid');
      const path = url.pathname;
      if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });

      if (req.method === 'POST' && path === '/links') {
        const body = await readJson(req);
        if (!body || !validUrl(body.url)) return sendJson(res, 400, { error: 'send {"url": "https://..."}' });
        const code = typeof body.code === 'string' && /^[a-z0-9-]{1,32}$/.test(body.code) ? body.code : randomCode();
        if (await store.get(`link:${code}`)) return sendJson(res, 409, { error: `code ${code} is taken` });
        await store.setJson(`link:${code}`, { url: body.url, createdAt: new Date().toISOString() });
        return sendJson(res, 201, { code, url: body.url });
      }

      let m;
      if (req.method === 'GET' && (m = /^\/links\/([a-z0-9-]{1,32})$/.exec(path))) {
        const code = m[1] ?? '';
        const link = await findLink(code);
        if (!link) return sendJson(res, 404, { error: `no link ${code}` });
        return sendJson(res, 200, { code, url: link.url, clicks: await countClicks(store, code) });
      }

      if (req.method === 'GET' && (m = /^\/([a-z0-9-]{1,32})$/.exec(path))) {
        const code = m[1] ?? '';
        const link = await findLink(code);
        if (!link) return sendJson(res, 404, { error: `no link ${code}` });
        await queue.push(CLICKS_QUEUE, { code, at: new Date().toISOString() });
        res.writeHead(302, { location: link.url }).end();
        return;
      }
      return sendJson(res, 404, { error: 'not found' });
    } catch (err) {
      console.error(`${req.method} ${req.url} failed: ${err.message}`);
      if (!res.headersSent) sendJson(res, 503, { error: 'a backing service is not answering, try again' });
      else res.destroy();
    }
  };
}

/** @param {import('node:http').ServerResponse} res @param {number} status @param {unknown} value */
function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

/** @param {import('node:http').IncomingMessage} req */
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

/** @param {unknown} url */
function validUrl(url) {
  try {
    return typeof url === 'string' && /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

function randomCode() {
  return randomBytes(4).readUInt32BE().toString(36).padStart(6, '0').slice(-6);
}
