// Shortlinks' HTTP interface: turns requests into calls to links.js, which keeps
// the links in the key-value store.
import { addLink, allLinks, deleteLink, findLink } from './links.js';
import { config } from './config.js';

const CODE = /^[a-z0-9-]{1,32}$/;

/**
 * Handles one HTTP request.
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
export function handleRequest(req, res) {
  route(req, res).catch((err) => {
    // links.js throws when the store fails or cannot be reached. Say so, as one
    // event on stderr and as a 503 to the client: never pretend a link was saved.
    console.error(JSON.stringify({ event: 'store_error', method: req.method, path: req.url, message: String(err?.message ?? err) }));
    if (res.headersSent) res.destroy();
    else sendJson(res, 503, { error: `The links store is unavailable: ${String(err?.message ?? err)}` });
  });
}

/**
 * @param {import('node:http').IncomingMessage} req
 * @param {import('node:http').ServerResponse} res
 */
async function route(req, res) {
  // The base only helps parse the path; it is not where the app is published.
  const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');

  if (req.method === 'GET' && pathname === '/health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });
  if (req.method === 'GET' && pathname === '/links') return sendJson(res, 200, await allLinks());
  if (req.method === 'POST' && pathname === '/links') return createLink(req, res);
  if (req.method === 'DELETE' && pathname.startsWith('/links/')) return removeLink(req, res, pathname.slice('/links/'.length));

  const code = pathname.slice(1);
  if (req.method === 'GET' && CODE.test(code)) {
    const target = await findLink(code);
    if (target) {
      res.writeHead(302, { location: target }).end();
      return;
    }
  }
  sendJson(res, 404, { error: `No short link at ${pathname}` });
}

/** POST /links with {"url": "https://…", "code": "optional"} → 201 {"code", "url", "shortUrl"}. */
async function createLink(req, res) {
  const body = await readBody(req);
  let input;
  try {
    input = JSON.parse(body);
    new URL(input.url);
  } catch {
    return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
  }
  const wanted = typeof input.code === 'string' && CODE.test(input.code) ? input.code : undefined;
  const code = await addLink(input.url, wanted);
  if (!code) return sendJson(res, 409, { error: `The code ${wanted} is taken` });
  sendJson(res, 201, { code, url: input.url, shortUrl: `${config.publicUrl}/${code}` });
}

/** DELETE /links/<code>, for administrators only: needs "Authorization: Bearer <admin token>". */
async function removeLink(req, res, code) {
  if (req.headers.authorization !== `Bearer ${config.adminToken}`) {
    res.setHeader('www-authenticate', 'Bearer');
    return sendJson(res, 401, { error: 'Deleting links needs the admin token' });
  }
  if (!(await deleteLink(code))) return sendJson(res, 404, { error: `No short link ${code}` });
  res.writeHead(204).end();
}

/** The request body as text (at most 10 kB). @param {import('node:http').IncomingMessage} req */
function readBody(req) {
  return new Promise((resolve, reject) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk) => {
      body += chunk;
      if (body.length > 10_000) req.destroy(new Error('request body too large'));
    });
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}
