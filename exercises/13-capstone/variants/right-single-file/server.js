// Shortlinks in one file. Settings from the environment, state in the store,
// graceful stop on SIGTERM.
import http from 'node:http';
import { randomBytes } from 'node:crypto';

const env = process.env;
const problems = [];
const port = Number(env.PORT);
if (!/^\d+$/.test(env.PORT ?? '') || port < 1 || port > 65535) problems.push(`PORT must be a port number from 1 to 65535 (got ${JSON.stringify(env.PORT ?? null)})`);
for (const name of ['PUBLIC_URL', 'STORE_URL']) {
  let ok = false;
  try {
    ok = ['http:', 'https:'].includes(new URL(env[name] ?? '').protocol);
  } catch {
    ok = false;
  }
  if (!ok) problems.push(`${name} must be an absolute http(s) URL (got ${JSON.stringify(env[name] ?? null)})`);
}
if (!env.ADMIN_TOKEN) problems.push('ADMIN_TOKEN is required');
if (problems.length) throw new Error(`Shortlinks cannot start:\n  ${problems.join('\n  ')}`);

const PUBLIC_URL = env.PUBLIC_URL.replace(/\/+$/, '');

class Kv {
  constructor(base) {
    this.base = base;
  }
  url(key) {
    return new URL(`/keys/${encodeURIComponent(key)}`, this.base);
  }
  async get(key) {
    const res = await fetch(this.url(key));
    const text = await res.text();
    if (res.status === 404) return undefined;
    if (!res.ok) throw new Error(`store GET ${key}: ${res.status}`);
    return JSON.parse(text);
  }
  async put(key, value) {
    const res = await fetch(this.url(key), { method: 'PUT', body: JSON.stringify(value) });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`store PUT ${key}: ${res.status}`);
  }
  async del(key) {
    const res = await fetch(this.url(key), { method: 'DELETE' });
    await res.arrayBuffer();
    if (!res.ok) throw new Error(`store DELETE ${key}: ${res.status}`);
  }
  async keys(prefix) {
    const res = await fetch(new URL('/keys', this.base));
    return (await res.json()).filter((k) => k.startsWith(prefix));
  }
}
const kv = new Kv(env.STORE_URL);

const json = (res, status, value, headers = {}) => res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
async function body(req) {
  let text = '';
  for await (const chunk of req) text += chunk;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
function sid(req) {
  const m = /(?:^|;\s*)sid=([^;]+)/.exec(req.headers.cookie ?? '');
  return m ? decodeURIComponent(m[1]) : '';
}
async function user(req) {
  const id = sid(req);
  const s = id ? await kv.get(`sess:${id}`) : undefined;
  return s && s.expires > Date.now() ? s.user : undefined;
}
const validUrl = (u) => {
  try {
    return typeof u === 'string' && /^https?:$/.test(new URL(u).protocol);
  } catch {
    return false;
  }
};

async function route(req, res) {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  const code = decodeURIComponent(path.replace(/^\/(links\/)?/, ''));
  switch (`${req.method} ${path.startsWith('/links/') ? '/links/:code' : path}`) {
    case 'GET /health':
      return json(res, 200, { status: 'ok', service: 'shortlinks' });
    case 'POST /login': {
      const name = (await body(req))?.user;
      if (typeof name !== 'string' || !name.trim()) return json(res, 400, { error: 'send {"user"}' });
      const id = randomBytes(16).toString('base64url');
      await kv.put(`sess:${id}`, { user: name.trim(), expires: Date.now() + 3600_000 });
      return json(res, 200, { user: name.trim() }, { 'set-cookie': `sid=${id}; Path=/; HttpOnly; Max-Age=3600` });
    }
    case 'GET /me': {
      const u = await user(req);
      return u ? json(res, 200, { user: u }) : json(res, 401, { error: 'not logged in' });
    }
    case 'POST /logout':
      if (sid(req)) await kv.del(`sess:${sid(req)}`);
      return res.writeHead(204, { 'set-cookie': 'sid=; Path=/; Max-Age=0' }).end();
    case 'POST /links': {
      const owner = (await user(req)) ?? null;
      const input = await body(req);
      if (!validUrl(input?.url)) return json(res, 400, { error: 'send {"url"}' });
      const wanted = typeof input.code === 'string' && /^[a-z0-9-]{1,32}$/.test(input.code) ? input.code : randomBytes(3).toString('hex');
      if (await kv.get(`link:${wanted}`)) return json(res, 409, { error: 'taken' });
      await kv.put(`link:${wanted}`, { url: input.url, owner });
      return json(res, 201, { code: wanted, url: input.url, owner, shortUrl: `${PUBLIC_URL}/${wanted}` });
    }
    case 'GET /links': {
      const out = {};
      for (const key of await kv.keys('link:')) out[key.slice(5)] = (await kv.get(key))?.url;
      return json(res, 200, out);
    }
    case 'GET /links/:code': {
      const link = await kv.get(`link:${code}`);
      return link ? json(res, 200, { code, ...link, clicks: (await kv.get(`hits:${code}`)) ?? 0 }) : json(res, 404, { error: 'no such link' });
    }
    case 'DELETE /links/:code':
      if (req.headers.authorization !== `Bearer ${env.ADMIN_TOKEN}`) return json(res, 401, { error: 'admin token needed' });
      if (!(await kv.get(`link:${code}`))) return json(res, 404, { error: 'no such link' });
      await kv.del(`link:${code}`);
      return res.writeHead(204).end();
    default: {
      const link = req.method === 'GET' && code ? await kv.get(`link:${code}`) : undefined;
      if (!link) return json(res, 404, { error: 'not found' });
      await kv.put(`hits:${code}`, ((await kv.get(`hits:${code}`)) ?? 0) + 1);
      return res.writeHead(302, { location: link.url }).end();
    }
  }
}

const sockets = new Map(); // socket → busy?
const server = http.createServer((req, res) => {
  sockets.set(req.socket, true);
  res.on('finish', () => {
    sockets.set(req.socket, false);
    if (stopping) req.socket.end();
  });
  route(req, res).catch((err) => {
    console.error(err);
    if (!res.headersSent) json(res, 500, { error: 'internal error' });
    else res.end();
  });
});
server.on('connection', (socket) => {
  sockets.set(socket, false);
  socket.on('close', () => sockets.delete(socket));
});
let stopping = false;
server.listen(port, () => console.log(`listening on ${port}`));

process.on('SIGTERM', () => {
  stopping = true;
  server.close(() => process.exit(0));
  for (const [socket, busy] of sockets) if (!busy) socket.end();
});
