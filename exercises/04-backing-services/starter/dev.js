// Local development: starts a throwaway key-value store on a free port, then
// Shortlinks attached to it, as a compose file or a PaaS add-on would. The store
// is an ordinary attached resource: dev.js hands its URL and token to the app in
// LINKS_STORE_URL and LINKS_STORE_TOKEN, as any other deploy would.
//
//   PORT=4000 PUBLIC_URL=http://localhost:4000 ADMIN_TOKEN=try-me node dev.js
//   node dev.js --store-only      just the store; prints the two variables to set
//
// The store keeps its data in memory and logs every request it gets.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';

const token = randomBytes(12).toString('hex');
const data = new Map([['12f', 'https://12factor.net/'], ['backing', 'https://12factor.net/backing-services']]);

const store = http.createServer((req, res) => {
  let body = '';
  req.setEncoding('utf8');
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    const send = (status, value) => {
      console.log(`[store] ${req.method} ${req.url} → ${status}`);
      if (value === undefined) return res.writeHead(status).end();
      const json = typeof value !== 'string';
      res.writeHead(status, { 'content-type': json ? 'application/json' : 'text/plain' }).end(json ? JSON.stringify(value) : value);
    };
    if (req.headers.authorization !== `Bearer ${token}`) return send(401, { error: 'missing or wrong token' });
    if (req.url === '/keys' && req.method === 'GET') return send(200, [...data.keys()]);
    const key = /^\/keys\/(.+)$/.exec(req.url ?? '')?.[1];
    if (!key) return send(404, { error: 'use /keys/<key>' });
    const code = decodeURIComponent(key);
    if (req.method === 'GET') return data.has(code) ? send(200, data.get(code)) : send(404, { error: `no key ${code}` });
    if (req.method === 'PUT') return data.set(code, body), send(204);
    if (req.method === 'DELETE') return data.delete(code), send(204);
    send(405, { error: 'GET, PUT or DELETE' });
  });
});

store.listen(0, '127.0.0.1', () => {
  const attach = { LINKS_STORE_URL: `http://127.0.0.1:${store.address().port}`, LINKS_STORE_TOKEN: token };
  console.log(`[store] a local links store is ready: ${Object.entries(attach).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  if (process.argv.includes('--store-only')) return;

  const app = spawn(process.execPath, ['server.js'], { stdio: 'inherit', env: { ...process.env, ...attach } });
  app.on('exit', (code) => {
    store.close();
    process.exitCode = code ?? 1;
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => app.kill(signal));
});
