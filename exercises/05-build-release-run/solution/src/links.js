// Shortlinks: turns long URLs into short codes, and short codes back into redirects.
// This module is the application's logic only. It is handed the compiled links,
// the compiled landing page and the public base URL: it neither compiles anything
// nor reads the environment.

/**
 * Makes the request handler.
 * @param {{ links: Record<string, string>, page: string, publicUrl: string }} app
 *   links: short code → long URL (compiled from seeds.txt); page: the landing page
 *   (compiled from landing.html); publicUrl: the base of every short link, from config.
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createHandler({ links, page, publicUrl }) {
  const table = new Map(Object.entries(links));
  const base = String(publicUrl).replace(/\/+$/, '');
  const html = page.replaceAll('{{PUBLIC_URL}}', base);

  return function handleRequest(req, res) {
    // The base URL here only helps parse the path.
    const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');

    if (req.method === 'GET' && pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
      return;
    }
    if (req.method === 'GET' && pathname === '/health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });
    if (req.method === 'GET' && pathname === '/links') return sendJson(res, 200, Object.fromEntries(table));
    if (req.method === 'POST' && pathname === '/links') return createLink(req, res, table, base);

    const target = table.get(pathname.slice(1));
    if (req.method === 'GET' && target) {
      res.writeHead(302, { location: target }).end();
      return;
    }
    sendJson(res, 404, { error: `No short link at ${pathname}` });
  };
}

/** POST /links with {"url": "https://…", "code": "optional"} → 201 {"code", "url", "shortUrl"}. */
function createLink(req, res, table, base) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => {
    body += chunk;
    if (body.length > 10_000) req.destroy();
  });
  req.on('end', () => {
    let input;
    try {
      input = JSON.parse(body);
      new URL(input.url);
    } catch {
      return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
    }
    const code = typeof input.code === 'string' && /^[a-z0-9-]{1,32}$/.test(input.code) ? input.code : randomCode();
    if (table.has(code)) return sendJson(res, 409, { error: `The code ${code} is taken` });
    table.set(code, input.url);
    sendJson(res, 201, { code, url: input.url, shortUrl: `${base}/${code}` });
  });
}

function randomCode() {
  return Math.random().toString(36).slice(2, 8);
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}
