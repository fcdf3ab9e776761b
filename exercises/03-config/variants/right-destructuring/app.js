// Shortlinks' HTTP interface. The settings are passed in; this module reads no environment.
import { createHash, timingSafeEqual } from 'node:crypto';
import { addLink, allLinks, deleteLink, findLink } from './links.js';

const digest = (text) => createHash('sha256').update(text).digest();

/**
 * @param {{ publicUrl: URL, adminToken: string }} settings
 * @returns {import('node:http').RequestListener}
 */
export function createHandler({ publicUrl, adminToken }) {
  const base = publicUrl.href.endsWith('/') ? publicUrl.href : `${publicUrl.href}/`;
  const expected = digest(`Bearer ${adminToken}`);
  const isAdmin = (req) => timingSafeEqual(digest(req.headers.authorization ?? ''), expected);

  return (req, res) => {
    const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');
    const [, first, second] = pathname.split('/');

    if (req.method === 'GET' && pathname === '/health') return json(res, 200, { status: 'ok', service: 'shortlinks' });
    if (req.method === 'GET' && pathname === '/links') return json(res, 200, allLinks());
    if (req.method === 'POST' && pathname === '/links') {
      return readJson(req, (input) => {
        if (!input || !URL.canParse(input.url)) return json(res, 400, { error: 'Send {"url": "https://…"}' });
        const wanted = /^[a-z0-9-]{1,32}$/.test(input.code ?? '') ? input.code : undefined;
        const code = addLink(input.url, wanted);
        if (!code) return json(res, 409, { error: `The code ${wanted} is taken` });
        json(res, 201, { code, url: input.url, shortUrl: new URL(code, base).href });
      });
    }
    if (req.method === 'DELETE' && first === 'links' && second) {
      if (!isAdmin(req)) return json(res, 403, { error: 'Admin token required' });
      return deleteLink(second) ? res.writeHead(204).end() : json(res, 404, { error: 'No such link' });
    }
    const target = findLink(pathname.slice(1));
    if (req.method === 'GET' && target) return res.writeHead(302, { location: target }).end();
    json(res, 404, { error: `No short link at ${pathname}` });
  };
}

function readJson(req, then) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    try {
      then(JSON.parse(Buffer.concat(chunks).toString('utf8')));
    } catch {
      then(null);
    }
  });
}

function json(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}
