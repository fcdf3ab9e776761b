// For trying Shortlinks on your machine (Run app uses it): a tiny Foreman.
// It starts a throwaway key-value store and a throwaway job queue (in memory,
// gone when dev.js stops), then one process of each type in the Procfile, with
// STORE_URL and QUEUE_URL set, PORT (from dev.js's own PORT) for `web`, and
// every line they print prefixed with the process's name. Stop it with Ctrl+C.
//
//   PORT=4000 node dev.js
//
// A production platform does the same with more care: it starts the processes of
// the formation, restarts those that crash, and collects their output.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('PORT must be a port number, for example: PORT=4000 node dev.js');
  process.exit(1);
}

/** @param {(method: string, path: string, body: string) => [number, unknown?]} route */
async function serve(route) {
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      const [status, value] = route(req.method ?? 'GET', (req.url ?? '/').split('?')[0], body);
      if (value === undefined) return res.writeHead(status).end();
      res.writeHead(status, { 'content-type': typeof value === 'string' ? 'text/plain' : 'application/json' });
      res.end(typeof value === 'string' ? value : JSON.stringify(value));
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  return `http://127.0.0.1:${/** @type {import('node:net').AddressInfo} */ (server.address()).port}`;
}

const data = new Map();
const storeUrl = await serve((method, path, body) => {
  if (path === '/keys' && method === 'GET') return [200, [...data.keys()]];
  const key = decodeURIComponent(path.slice('/keys/'.length));
  if (!path.startsWith('/keys/')) return [404, { error: 'unknown route' }];
  if (method === 'GET') return data.has(key) ? [200, data.get(key)] : [404, { error: `no key ${key}` }];
  if (method === 'PUT') return data.set(key, body), [204];
  if (method === 'DELETE') return data.delete(key), [204];
  return [405, { error: 'GET, PUT or DELETE' }];
});

/** @type {{ id: string, queue: string, payload: unknown, state: string }[]} */
const jobs = [];
const queueUrl = await serve((method, path, body) => {
  let m;
  if (method === 'POST' && (m = /^\/queues\/([^/]+)\/jobs$/.exec(path))) {
    const job = { id: String(jobs.length + 1), queue: decodeURIComponent(m[1]), payload: JSON.parse(body || 'null'), state: 'pending' };
    jobs.push(job);
    return [201, { id: job.id }];
  }
  if (method === 'POST' && (m = /^\/queues\/([^/]+)\/reserve$/.exec(path))) {
    const job = jobs.find((j) => j.queue === decodeURIComponent(m[1]) && j.state === 'pending');
    if (!job) return [204];
    job.state = 'reserved';
    return [200, { id: job.id, payload: job.payload }];
  }
  if (method === 'POST' && (m = /^\/jobs\/([^/]+)\/(ack|release)$/.exec(path))) {
    const job = jobs.find((j) => j.id === m[1]);
    if (!job) return [404, { error: `no job ${m[1]}` }];
    job.state = m[2] === 'ack' ? 'done' : job.state === 'done' ? 'done' : 'pending';
    return [204];
  }
  if (method === 'GET' && (m = /^\/queues\/([^/]+)$/.exec(path))) {
    const count = (/** @type {string} */ s) => jobs.filter((j) => j.queue === decodeURIComponent(m[1]) && j.state === s).length;
    return [200, { pending: count('pending'), reserved: count('reserved'), done: count('done') }];
  }
  return [404, { error: 'unknown route' }];
});

console.log(`dev.js: key-value store at ${storeUrl}, queue at ${queueUrl}`);

const procfile = readFileSync('Procfile', 'utf8');
/** @type {import('node:child_process').ChildProcess[]} */
const children = [];
let stopping = false;
for (const line of procfile.split(/\r?\n/)) {
  const m = /^\s*([A-Za-z0-9_-]+)\s*:\s*(.+)$/.exec(line);
  if (!m || line.trim().startsWith('#')) continue;
  const [, type, command] = m;
  const env = { ...process.env, STORE_URL: storeUrl, QUEUE_URL: queueUrl };
  if (type === 'web') env.PORT = String(port);
  else delete env.PORT;
  const words = command.trim().split(/\s+/).map((w) => w.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name) => env[name] ?? ''));
  const program = words[0] === 'node' ? process.execPath : words[0];
  const child = spawn(program, words.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  const name = `${type}.1`.padEnd(9);
  for (const stream of [child.stdout, child.stderr]) {
    let rest = '';
    stream.setEncoding('utf8');
    stream.on('data', (chunk) => {
      const lines = (rest + chunk).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) console.log(`${name}| ${l}`);
    });
  }
  child.on('exit', (code, signal) =>
    console.log(`${name}| exited (${signal ?? `code ${code}`})${stopping ? '' : ': a process manager would count that as a crash and restart it'}`),
  );
  console.log(`${name}| started: ${command.trim()}`);
}

for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) {
  process.on(signal, () => {
    stopping = true;
    for (const child of children) child.kill('SIGTERM');
    stopLeftover();
    setTimeout(() => process.exit(0), 500).unref();
  });
}

/**
 * A process that went to the background is out of dev.js's reach: it is no longer
 * a child. If one left a pid file, stop it through that (the very chore a process
 * manager saves you), so that it does not keep running after dev.js.
 */
function stopLeftover() {
  try {
    const pid = Number(readFileSync('shortlinks.pid', 'utf8').trim());
    if (Number.isInteger(pid) && pid > 0) {
      process.kill(pid, 'SIGTERM');
      console.log(`dev.js: stopped pid ${pid} from shortlinks.pid, left running in the background`);
    }
  } catch {
    // no pid file, or that process is gone
  }
}
