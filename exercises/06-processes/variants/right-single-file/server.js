// Shortlinks in one file, with its own tiny client for the key-value store.
// PORT: where to listen (factor VII). STORE_URL: where every piece of state lives.
import http from 'node:http';
import { randomUUID } from 'node:crypto';

class Kv {
  constructor(base) {
    this.base = base.replace(/\/+$/, '');
  }
  url(key) {
    return `${this.base}/keys/${encodeURIComponent(key)}`;
  }
  async read(key) {
    const res = await fetch(this.url(key));
    if (res.status === 404) return null;
    if (!res.ok) throw new Error(`store: GET ${key} → ${res.status}`);
    return JSON.parse(await res.text());
  }
  async write(key, value) {
    const res = await fetch(this.url(key), { method: 'PUT', body: JSON.stringify(value) });
    if (!res.ok) throw new Error(`store: PUT ${key} → ${res.status}`);
  }
  async remove(key) {
    await fetch(this.url(key), { method: 'DELETE' });
  }
  async list(prefix) {
    const res = await fetch(`${this.base}/keys`);
    return (await res.json()).filter((k) => k.startsWith(prefix));
  }
}

const port = Number(process.env.PORT);
const storeUrl = process.env.STORE_URL;
if (!Number.isInteger(port) || port < 1 || port > 65535 || !storeUrl) {
  console.error('Set PORT (a port number) and STORE_URL (the key-value store), e.g. PORT=4000 STORE_URL=http://localhost:6400 node server.js');
  process.exit(1);
}
const kv = new Kv(storeUrl);
const TTL_MS = 3_600_000;

function reply(res, status, body, headers = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(body === undefined ? '' : JSON.stringify(body));
}

async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return {};
  }
}

function sid(req) {
  const m = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '');
  return m ? decodeURIComponent(m[1]) : null;
}

async function whoIs(req) {
  const id = sid(req);
  const session = id && (await kv.read(`sess:${id}`));
  return session && session.expiresAt > Date.now() ? session.user : null;
}

async function handle(req, res) {
  const path = new URL(req.url, 'http://local').pathname;
  switch (`${req.method} ${path}`) {
    case 'GET /health':
      return reply(res, 200, { status: 'ok', service: 'shortlinks' });
    case 'POST /login': {
      const { user } = await body(req);
      if (typeof user !== 'string' || !user) return reply(res, 400, { error: 'Send {"user": "ada"}' });
      const id = randomUUID();
      await kv.write(`sess:${id}`, { user, expiresAt: Date.now() + TTL_MS });
      return reply(res, 200, { user }, { 'set-cookie': `sid=${id}; Path=/; HttpOnly; SameSite=Lax; Max-Age=3600` });
    }
    case 'GET /me': {
      const user = await whoIs(req);
      return user ? reply(res, 200, { user }) : reply(res, 401, { error: 'Not logged in' });
    }
    case 'POST /logout': {
      const id = sid(req);
      if (id) await kv.remove(`sess:${id}`);
      return reply(res, 204, undefined, { 'set-cookie': 'sid=; Path=/; Max-Age=0' });
    }
    case 'POST /links': {
      const owner = await whoIs(req);
      if (!owner) return reply(res, 401, { error: 'Log in first' });
      const { url, code: wanted } = await body(req);
      try {
        if (!/^https?:$/.test(new URL(url).protocol)) throw new Error();
      } catch {
        return reply(res, 400, { error: 'Send {"url": "https://…"}' });
      }
      const code = typeof wanted === 'string' && /^[a-z0-9-]{1,32}$/.test(wanted) ? wanted : randomUUID().slice(0, 6);
      if (await kv.read(`url:${code}`)) return reply(res, 409, { error: `The code ${code} is taken` });
      await kv.write(`url:${code}`, { url, owner });
      return reply(res, 201, { code, url, owner });
    }
    case 'GET /links': {
      const out = {};
      for (const key of await kv.list('url:')) out[key.slice(4)] = (await kv.read(key))?.url;
      return reply(res, 200, out);
    }
  }
  if (req.method === 'GET') {
    const stats = path.startsWith('/links/');
    const code = decodeURIComponent(stats ? path.slice(7) : path.slice(1));
    const link = await kv.read(`url:${code}`);
    if (link && stats) return reply(res, 200, { code, ...link, clicks: (await kv.read(`hits:${code}`)) ?? 0 });
    if (link) {
      await kv.write(`hits:${code}`, ((await kv.read(`hits:${code}`)) ?? 0) + 1);
      res.writeHead(302, { location: link.url }).end();
      return;
    }
  }
  reply(res, 404, { error: 'Not found' });
}

http
  .createServer((req, res) =>
    handle(req, res).catch((err) => {
      console.error(err.message);
      if (!res.headersSent) reply(res, 503, { error: 'store unavailable' });
    }),
  )
  .listen(port, () => console.log(`Shortlinks on port ${port}, state in ${storeUrl}`));
