// Shortlinks: turns long URLs into short codes, and short codes back into redirects.

/** Short code → long URL. (Kept in memory for now; a later factor moves it to a backing service.) */
const links = new Map([
  ['12f', 'https://12factor.net/'],
  ['codebase', 'https://12factor.net/codebase'],
]);

/**
 * The request handler for one deploy.
 * @param {{ deployName: string, customCodes: boolean }} settings
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function createHandler({ deployName, customCodes, safeUrls }) {
  return (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');

    if (req.method === 'GET' && pathname === '/health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks', deploy: deployName });
    if (req.method === 'GET' && pathname === '/links') return sendJson(res, 200, Object.fromEntries(links));
    if (req.method === 'POST' && pathname === '/links') return createLink(req, res, customCodes, safeUrls);

    const target = links.get(pathname.slice(1));
    if (req.method === 'GET' && target) {
      res.writeHead(302, { location: target }).end();
      return;
    }
    sendJson(res, 404, { error: `No short link at ${pathname}` });
  };
}

/** POST /links with {"url": "https://…", "code": "optional, when custom codes are on"} → 201 {"code", "url"}. */
function createLink(req, res, customCodes, safeUrls) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => {
    body += chunk;
    if (body.length > 10_000) req.destroy();
  });
  req.on('end', () => {
    let input;
    let target;
    try {
      input = JSON.parse(body);
      target = new URL(input.url);
    } catch {
      return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
    }
    // A short link must never lead to javascript:, data: or any other scheme that is not a web page.
    if (safeUrls && target.protocol !== 'http:' && target.protocol !== 'https:') {
      return sendJson(res, 400, { error: 'Only http and https links can be shortened' });
    }
    let code = randomCode();
    if (customCodes && input.code !== undefined) {
      if (typeof input.code !== 'string' || !/^[a-z0-9-]{1,32}$/.test(input.code)) {
        return sendJson(res, 400, { error: 'A code is 1 to 32 characters: a-z, 0-9 and -' });
      }
      code = input.code;
    }
    if (links.has(code)) return sendJson(res, 409, { error: `The code ${code} is taken` });
    links.set(code, input.url);
    sendJson(res, 201, { code, url: input.url });
  });
}

function randomCode() {
  return Math.random().toString(36).slice(2, 8);
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}
