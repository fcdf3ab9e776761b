// Local development: a throwaway key-value store and queue, then Shortlinks' two
// process types, web (server.js, on PORT) and worker (worker.js), attached to them
// by STORE_URL and QUEUE_URL. This file is development tooling, not part of the
// app. It plays the execution environment's part for logs, as Foreman or a
// platform does: it reads each process's stdout and stderr, and prints their lines
// together, in the order they arrive, each behind the name of the process that
// wrote it. Ctrl+C (or SIGTERM) passes SIGTERM on to both processes and waits for
// them, so you can watch them shut down.
//
//   PORT=4000 node dev.js     then: curl -i localhost:4000/12f ; curl localhost:4000/links/12f
import { spawn } from 'node:child_process';
import http from 'node:http';

const data = new Map([['link:12f', JSON.stringify({ url: 'https://12factor.net/', createdAt: '2026-01-01T00:00:00.000Z' })]]);
/** @type {{ id: string, queue: string, payload: unknown, state: string }[]} */
const jobs = [];
let nextId = 1;

/** @param {(method: string, path: string, body: string, send: (status: number, body?: string) => void) => void} handle */
function service(handle) {
  return http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () =>
      handle(req.method ?? 'GET', (req.url ?? '/').split('?')[0] ?? '/', Buffer.concat(chunks).toString('utf8'), (status, body) =>
        body === undefined ? res.writeHead(status).end() : res.writeHead(status, { 'content-type': 'application/json' }).end(body),
      ),
    );
  });
}

const store = service((method, path, body, send) => {
  if (path === '/keys' && method === 'GET') return send(200, JSON.stringify([...data.keys()]));
  const m = /^\/keys\/(.+)$/.exec(path);
  if (!m?.[1]) return send(404, '"use /keys/:key"');
  const key = decodeURIComponent(m[1]);
  if (method === 'GET') return data.has(key) ? send(200, data.get(key)) : send(404, '"no such key"');
  if (method === 'PUT') return data.set(key, body), send(204);
  if (method === 'DELETE') return data.delete(key), send(204);
  send(405);
});

const queue = service((method, path, body, send) => {
  let m;
  if ((m = /^\/queues\/([^/]+)\/jobs$/.exec(path)) && method === 'POST') {
    const job = { id: String(nextId++), queue: decodeURIComponent(m[1] ?? ''), payload: JSON.parse(body || 'null'), state: 'pending' };
    jobs.push(job);
    return send(201, JSON.stringify({ id: job.id }));
  }
  if ((m = /^\/queues\/([^/]+)\/reserve$/.exec(path)) && method === 'POST') {
    const job = jobs.find((j) => j.queue === decodeURIComponent(m[1] ?? '') && j.state === 'pending');
    if (!job) return send(204);
    job.state = 'reserved';
    return send(200, JSON.stringify({ id: job.id, payload: job.payload }));
  }
  if ((m = /^\/jobs\/([^/]+)\/(ack|release)$/.exec(path)) && method === 'POST') {
    const job = jobs.find((j) => j.id === m[1]);
    if (!job) return send(404);
    job.state = m[2] === 'ack' ? 'done' : 'pending';
    console.log(`[queue] job ${job.id} ${m[2] === 'ack' ? 'acked' : 'released, back to pending'}`);
    return send(204);
  }
  send(404);
});

const listen = (/** @type {http.Server} */ server) =>
  new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${/** @type {any} */ (server.address()).port}`)));

const env = { ...process.env, PORT: process.env.PORT ?? '4000', STORE_URL: await listen(store), QUEUE_URL: await listen(queue) };
console.log(`[dev] store ${env.STORE_URL}, queue ${env.QUEUE_URL}, web on port ${env.PORT}`);
/** Prints every line of `stream` behind `name`, the way `heroku logs` or `docker compose up` shows a process. */
function collate(/** @type {import('node:stream').Readable} */ stream, /** @type {string} */ name) {
  let rest = '';
  stream.setEncoding('utf8');
  stream.on('data', (chunk) => {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) process.stdout.write(`${name} | ${line}\n`);
  });
  stream.on('end', () => rest && process.stdout.write(`${name} | ${rest}\n`));
}

const children = [
  ['web   ', 'server.js'],
  ['worker', 'worker.js'],
].map(([name, file]) => {
  const child = spawn(process.execPath, [file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (child.stdout) collate(child.stdout, name);
  if (child.stderr) collate(child.stderr, name);
  child.on('exit', (code, signal) => console.log(`[dev] ${file} ${signal ? `stopped by ${signal}` : `exited with code ${code}`}`));
  return child;
});

let stopping = false;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    console.log('[dev] sending SIGTERM to web and worker');
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    setTimeout(() => process.exit(0), 10_000).unref();
  });
}
Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null || c.signalCode !== null ? r(null) : c.once('exit', r))))).then(() => {
  store.close();
  queue.close();
  store.closeAllConnections();
  queue.closeAllConnections();
  if (stopping) process.exit(0);
});
