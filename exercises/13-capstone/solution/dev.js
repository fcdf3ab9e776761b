// Local development: a throwaway key-value store, two instances of Shortlinks
// attached to it, and a small router on PORT that hands each request to the next
// instance in turn, as a platform's router may. Each instance gets its own free
// PORT and the same STORE_URL, PUBLIC_URL (the router's address, unless you set
// one) and ADMIN_TOKEN (a new random one per run, printed below, unless you set
// one). This file is development tooling, not part of the app: the legacy app
// ignores these variables, so it does not start here until you have refactored it.
//
//   PORT=4000 node dev.js        router on 4000, two instances behind it
//   node dev.js --store-only     just the store; prints the STORE_URL to use
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';

const data = new Map([['link:12f', JSON.stringify({ url: 'https://12factor.net/', owner: null })]]);

const store = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0];
    const send = (status, body) => {
      if (body === undefined) return res.writeHead(status).end();
      res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
    };
    if (path === '/keys' && req.method === 'GET') return send(200, JSON.stringify([...data.keys()]));
    const m = /^\/keys\/(.+)$/.exec(path);
    if (!m) return send(404, 'use /keys/:key');
    const key = decodeURIComponent(m[1]);
    if (req.method === 'GET') return data.has(key) ? send(200, data.get(key)) : send(404, `no key ${key}`);
    if (req.method === 'PUT') return data.set(key, Buffer.concat(chunks).toString('utf8')), send(204);
    if (req.method === 'DELETE') return data.delete(key), send(204);
    send(405, 'GET, PUT or DELETE');
  });
});

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts connections on `port` (or after `ms`, to let the router report it). */
async function answering(port, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    const up = await new Promise((resolve) => {
      const socket = net.connect(port, '127.0.0.1', () => resolve(true)).once('error', () => resolve(false));
      socket.unref();
      setTimeout(() => socket.destroy(), 500).unref();
    }).catch(() => false);
    if (up) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

store.listen(0, '127.0.0.1', async () => {
  const STORE_URL = `http://127.0.0.1:${store.address().port}`;
  console.log(`[store] ready: STORE_URL=${STORE_URL}`);
  if (process.argv.includes('--store-only')) return;

  const port = Number(process.env.PORT);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error('PORT must be a port number, for example: PORT=4000 node dev.js');
    process.exit(1);
  }

  const PUBLIC_URL = process.env.PUBLIC_URL || `http://localhost:${port}`;
  const ADMIN_TOKEN = process.env.ADMIN_TOKEN || randomBytes(16).toString('hex');
  console.log(`[dev] PUBLIC_URL=${PUBLIC_URL} ADMIN_TOKEN=${ADMIN_TOKEN}`);
  const ports = [await freePort(), await freePort()];
  const instances = ports.map((instancePort, i) => {
    const child = spawn(process.execPath, ['server.js'], {
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, PORT: String(instancePort), STORE_URL, PUBLIC_URL, ADMIN_TOKEN },
    });
    for (const stream of [child.stdout, child.stderr]) {
      let rest = '';
      stream.setEncoding('utf8');
      stream.on('data', (text) => {
        const lines = (rest + text).split('\n');
        rest = lines.pop() ?? '';
        for (const line of lines) console.log(`[instance ${i + 1}] ${line}`);
      });
    }
    child.on('exit', (code, signal) => {
      console.log(`[instance ${i + 1}] stopped (${signal ?? `exit code ${code}`})`);
      for (const other of instances) other.kill();
      store.close();
      process.exit(code ?? 1);
    });
    return child;
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => instances.forEach((child) => child.kill(signal)));

  // Open the router once both instances answer, so that no early request is lost.
  await Promise.all(ports.map((instancePort) => answering(instancePort, 20_000)));

  let next = 0;
  http
    .createServer((req, res) => {
      const i = next;
      next = (next + 1) % ports.length;
      console.log(`[router] ${req.method} ${req.url} → instance ${i + 1}`);
      const upstream = http.request({ host: '127.0.0.1', port: ports[i], method: req.method, path: req.url, headers: req.headers }, (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      });
      upstream.on('error', (err) => {
        if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`instance ${i + 1} did not answer: ${err.message}\n`);
      });
      req.pipe(upstream);
    })
    .listen(port, () => console.log(`[router] listening on port ${port}: requests go to instance 1 and instance 2 in turn`));
});
