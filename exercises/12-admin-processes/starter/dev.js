// Local development: a throwaway key-value store holding links made before 0.12
// (not filed under their hosts yet), and Shortlinks' web process on PORT, attached
// to it by STORE_URL. This file is development tooling, not part of the app.
// It prints the STORE_URL to give any one-off command you run next to it.
//
//   PORT=4000 node dev.js     then: curl localhost:4000/hosts/12factor.net
import { spawn } from 'node:child_process';
import http from 'node:http';

const old = { createdAt: '2025-11-02T09:00:00.000Z' };
const data = new Map([
  ['link:12f', JSON.stringify({ url: 'https://12factor.net/', ...old })],
  ['link:xii', JSON.stringify({ url: 'https://www.12factor.net/admin-processes', ...old })],
  ['link:node', JSON.stringify({ url: 'https://nodejs.org/en/learn', ...old })],
]);

const store = http.createServer((req, res) => {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const send = (/** @type {number} */ status, /** @type {string} */ body) =>
      body === undefined ? res.writeHead(status).end() : res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
    if (path === '/keys' && req.method === 'GET') return send(200, JSON.stringify([...data.keys()]));
    const m = /^\/keys\/(.+)$/.exec(path);
    if (!m?.[1]) return send(404, 'use /keys/:key');
    const key = decodeURIComponent(m[1]);
    if (req.method === 'GET') return data.has(key) ? send(200, /** @type {string} */ (data.get(key))) : send(404, `no key ${key}`);
    if (req.method === 'PUT') {
      data.set(key, Buffer.concat(chunks).toString('utf8'));
      console.log(`[store] PUT ${key} = ${data.get(key)}`);
      return send(204);
    }
    if (req.method === 'DELETE') return data.delete(key), send(204);
    send(405, 'GET, PUT or DELETE');
  });
});

store.listen(0, '127.0.0.1', () => {
  const address = store.address();
  const STORE_URL = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const env = { ...process.env, PORT: process.env.PORT ?? '4000', STORE_URL };
  console.log(`[dev] store ready: STORE_URL=${STORE_URL}`);
  console.log(`[dev] run a one-off command against it from another terminal, e.g.: STORE_URL=${STORE_URL} npm run migrate`);
  const web = spawn(process.execPath, ['server.js'], { env, stdio: 'inherit' });
  web.on('exit', (code, signal) => {
    console.log(`[dev] server.js ${signal ? `stopped by ${signal}` : `exited with code ${code}`}`);
    store.close();
    store.closeAllConnections();
    process.exit(code ?? 0);
  });
  for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => web.kill('SIGTERM'));
});
