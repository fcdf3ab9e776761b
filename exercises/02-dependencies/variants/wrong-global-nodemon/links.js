// Shortlinks: turns long URLs into short codes, and short codes back into redirects.
// Before it saves a link, it checks that the target answers, so nobody shortens a typo.
//
// Everything here comes from Node itself (fetch, crypto): the app runs wherever
// the Node version in package.json runs, whatever else the machine has installed.
import { randomBytes } from 'node:crypto';

/** Short code → long URL. (Kept in memory for now; a later factor moves it to a backing service.) */
const links = new Map([
  ['12f', 'https://12factor.net/'],
  ['deps', 'https://12factor.net/dependencies'],
]);

/**
 * Handles one HTTP request.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function handleRequest(req, res) {
  const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');

  if (req.method === 'GET' && pathname === '/health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });
  if (req.method === 'GET' && pathname === '/links') return sendJson(res, 200, Object.fromEntries(links));
  if (req.method === 'POST' && pathname === '/links') return createLink(req, res);

  const target = links.get(pathname.slice(1));
  if (req.method === 'GET' && target) {
    res.writeHead(302, { location: target }).end();
    return;
  }
  sendJson(res, 404, { error: `No short link at ${pathname}` });
}

/** POST /links with {"url": "https://…", "code": "optional"} → 201 {"code", "url"}. */
function createLink(req, res) {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => {
    body += chunk;
    if (body.length > 10_000) req.destroy();
  });
  req.on('end', async () => {
    let input;
    try {
      input = JSON.parse(body);
      new URL(input.url);
    } catch {
      return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
    }
    if (!(await answers(input.url))) {
      return sendJson(res, 422, { error: `Nothing answers at ${input.url}: check the address` });
    }
    const code = typeof input.code === 'string' && /^[a-z0-9-]{1,32}$/.test(input.code) ? input.code : randomCode();
    if (links.has(code)) return sendJson(res, 409, { error: `The code ${code} is taken` });
    links.set(code, input.url);
    sendJson(res, 201, { code, url: input.url });
  });
}

/** Whether an HTTP server answers at url (any status counts; no answer within 3 s does not). */
async function answers(url) {
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(3000) });
    return true;
  } catch {
    return false;
  }
}

/** Six random hex digits, e.g. "3fa90c". */
function randomCode() {
  return randomBytes(3).toString('hex');
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}
