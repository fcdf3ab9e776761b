// Shortlinks' HTTP routes. The web process (server.js) serves them.
//   GET  /health        → 200 {"status":"ok","service":"shortlinks"}
//   POST /links         {"url": "...", "code"?: "..."} → 201 {"code","url"}
//   GET  /links/:code   → 200 {"code","url","createdAt","host"} | 404
//   GET  /hosts/:host   → 200 {"host","codes":[...]}: every link to that host (new in 0.12)
//   GET  /:code         → 302 to the link | 404
// How links are stored is links.js's business. 0.12's migration, which files the
// links made before 0.12 under their hosts, is a one-off command: npm run migrate.
import { randomBytes } from 'node:crypto';
import { codesForHost, createLink, findLink, hostOf } from './links.js';

/** @param {{ store: import('./links.js').Store }} deps */
export function createApp({ store }) {
  return async function handleRequest(/** @type {import('node:http').IncomingMessage} */ req, /** @type {import('node:http').ServerResponse} */ res) {
    try {
      const path = new URL(req.url ?? '/', 'http://shortlinks.invalid').pathname;
      if (req.method === 'GET' && path === '/health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });

      if (req.method === 'POST' && path === '/links') {
        const body = await readJson(req);
        if (!body || !validUrl(body.url)) return sendJson(res, 400, { error: 'send {"url": "https://..."}' });
        const code = typeof body.code === 'string' && /^[a-z0-9-]{1,32}$/.test(body.code) ? body.code : randomCode();
        if (await findLink(store, code)) return sendJson(res, 409, { error: `code ${code} is taken` });
        await createLink(store, code, body.url);
        return sendJson(res, 201, { code, url: body.url });
      }

      let m;
      if (req.method === 'GET' && (m = /^\/links\/([a-z0-9-]{1,32})$/.exec(path))) {
        const code = m[1] ?? '';
        const link = await findLink(store, code);
        if (!link) return sendJson(res, 404, { error: `no link ${code}` });
        return sendJson(res, 200, { code, url: link.url, createdAt: link.createdAt, host: hostOf(link.url) });
      }

      if (req.method === 'GET' && (m = /^\/hosts\/([^/]{1,253})$/.exec(path))) {
        const host = decodeURIComponent(m[1] ?? '').toLowerCase();
        return sendJson(res, 200, { host, codes: await codesForHost(store, host) });
      }

      if (req.method === 'GET' && (m = /^\/([a-z0-9-]{1,32})$/.exec(path))) {
        const link = await findLink(store, m[1] ?? '');
        if (!link) return sendJson(res, 404, { error: `no link ${m[1]}` });
        res.writeHead(302, { location: link.url }).end();
        return;
      }
      return sendJson(res, 404, { error: 'not found' });
    } catch (err) {
      console.error(`${req.method} ${req.url} failed: ${err.message}`);
      if (!res.headersSent) sendJson(res, 503, { error: 'the store is not answering, try again' });
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
