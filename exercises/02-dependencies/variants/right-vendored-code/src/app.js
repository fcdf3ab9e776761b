// Shortlinks' HTTP handling. Codes come from the vendored encoder and node:crypto;
// reachability from fetch(). Nothing here depends on what the machine has installed.
import { getRandomValues } from 'node:crypto';
import { encode } from '../vendor/crockford32.js';

const links = new Map([
  ['12f', 'https://12factor.net/'],
  ['deps', 'https://12factor.net/dependencies'],
]);

const json = (res, status, value) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) throw new Error('too large');
  }
  return JSON.parse(text);
}

async function reachable(url) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), 3000);
  try {
    const res = await fetch(url, { redirect: 'manual', signal: controller.signal });
    await res.arrayBuffer().catch(() => {});
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function handleRequest(req, res) {
  const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');
  if (req.method === 'GET' && pathname === '/health') return json(res, 200, { status: 'ok', service: 'shortlinks' });
  if (req.method === 'GET' && pathname === '/links') return json(res, 200, Object.fromEntries(links));
  if (req.method === 'POST' && pathname === '/links') {
    let url;
    try {
      url = new URL((await readJson(req)).url).href;
    } catch {
      return json(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
    }
    if (!(await reachable(url))) return json(res, 422, { error: `Nothing answers at ${url}` });
    const code = encode(getRandomValues(new Uint8Array(5)));
    links.set(code, url);
    return json(res, 201, { code, url });
  }
  const target = links.get(pathname.slice(1));
  if (req.method === 'GET' && target) return void res.writeHead(302, { location: target }).end();
  json(res, 404, { error: `No short link at ${pathname}` });
}
