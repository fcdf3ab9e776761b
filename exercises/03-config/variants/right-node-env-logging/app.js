// Shortlinks' HTTP interface: turns requests into calls to the store in links.js.
import { addLink, allLinks, deleteLink, findLink } from './links.js';
import { config } from './config.js';

/**
 * Handles one HTTP request. Which handler serves which route is internal wiring:
 * it is the same in every deploy, so it rightly lives here, in code.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function handleRequest(req, res) {
  // The base only helps parse the path; it is not where the app is published.
  const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');

  if (req.method === 'GET' && pathname === '/health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });
  if (req.method === 'GET' && pathname === '/links') return sendJson(res, 200, allLinks());
  if (req.method === 'POST' && pathname === '/links') return createLink(req, res);
  if (req.method === 'DELETE' && pathname.startsWith('/links/')) return removeLink(req, res, pathname.slice('/links/'.length));

  const target = findLink(pathname.slice(1));
  if (req.method === 'GET' && target) {
    res.writeHead(302, { location: target }).end();
    return;
  }
  sendJson(res, 404, { error: `No short link at ${pathname}` });
}

/** POST /links with {"url": "https://…", "code": "optional"} → 201 {"code", "url", "shortUrl"}. */
function createLink(req, res) {
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
    const wanted = typeof input.code === 'string' && /^[a-z0-9-]{1,32}$/.test(input.code) ? input.code : undefined;
    const code = addLink(input.url, wanted);
    if (!code) return sendJson(res, 409, { error: `The code ${wanted} is taken` });
    sendJson(res, 201, { code, url: input.url, shortUrl: `${config.publicUrl}/${code}` });
  });
}

/** DELETE /links/<code>, for administrators only: needs "Authorization: Bearer <admin token>". */
function removeLink(req, res, code) {
  if (req.headers.authorization !== `Bearer ${config.adminToken}`) {
    res.setHeader('www-authenticate', 'Bearer');
    return sendJson(res, 401, { error: 'Deleting links needs the admin token' });
  }
  if (!deleteLink(code)) return sendJson(res, 404, { error: `No short link ${code}` });
  res.writeHead(204).end();
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}
