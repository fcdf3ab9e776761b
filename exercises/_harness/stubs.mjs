// Stub backing services that hidden tests start themselves (factors IV, VI,
// VIII, IX): a key-value store and a job queue, both over plain HTTP + JSON so
// the learner's app needs no client library. Each records every request it got,
// so a check can say "your app never talked to the store at …".
import http from 'node:http';

/**
 * @typedef {object} RecordedRequest
 * @property {string} method
 * @property {string} path
 * @property {string} body
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {number} at   Date.now()
 */

/**
 * @typedef {object} Stub
 * @property {string} url              base URL, e.g. http://127.0.0.1:41234
 * @property {number} port
 * @property {RecordedRequest[]} requests
 * @property {() => Promise<void>} close
 */

/**
 * A tiny HTTP server running `handle` for each request, recording them all.
 * Registers its close() with the check `t` (or pass null and close it yourself).
 * @param {import('node:test').TestContext | null} t
 * @param {(req: RecordedRequest, send: (status: number, body?: unknown) => void) => void} handle
 * @returns {Promise<Stub>}
 */
export async function startStub(t, handle) {
  /** @type {RecordedRequest[]} */
  const requests = [];
  const server = http.createServer((req, res) => {
    /** @type {Buffer[]} */
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const recorded = {
        method: req.method ?? 'GET',
        path: req.url ?? '/',
        body: Buffer.concat(chunks).toString('utf8'),
        headers: req.headers,
        at: Date.now(),
      };
      requests.push(recorded);
      handle(recorded, (status, body) => {
        if (body === undefined) {
          res.writeHead(status).end();
          return;
        }
        const text = typeof body === 'string' ? body : JSON.stringify(body);
        res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json' }).end(text);
      });
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  const close = () =>
    new Promise((resolve) => {
      server.closeAllConnections?.();
      server.close(() => resolve(undefined));
    }).then(() => undefined);
  if (t && typeof t.after === 'function') t.after(close);
  return { url: `http://127.0.0.1:${port}`, port, requests, close };
}

/**
 * Key-value store stub.
 *   GET    /keys/:key  → 200 value (text) | 404
 *   PUT    /keys/:key  → 204 (body = value)
 *   DELETE /keys/:key  → 204
 *   GET    /keys       → 200 ["key", …]
 * @param {import('node:test').TestContext | null} t
 * @param {Record<string, string>} [initial]
 */
export async function startKeyValueStub(t, initial = {}) {
  const data = new Map(Object.entries(initial));
  const stub = await startStub(t, (req, send) => {
    const path = req.path.split('?')[0] ?? '/';
    if (path === '/keys' && req.method === 'GET') return send(200, [...data.keys()]);
    const m = /^\/keys\/(.+)$/.exec(path);
    if (!m?.[1]) return send(404, { error: 'use /keys/:key' });
    const key = decodeURIComponent(m[1]);
    if (req.method === 'GET') return data.has(key) ? send(200, data.get(key)) : send(404, { error: `no key ${key}` });
    if (req.method === 'PUT') {
      data.set(key, req.body);
      return send(204);
    }
    if (req.method === 'DELETE') {
      data.delete(key);
      return send(204);
    }
    return send(405, { error: 'GET, PUT or DELETE' });
  });
  return { ...stub, data };
}

/**
 * @typedef {object} Job
 * @property {string} id
 * @property {string} queue
 * @property {unknown} payload
 * @property {'pending' | 'reserved' | 'done'} state
 * @property {number} reservations  how often it was handed out (more than 1: it was returned or retried)
 * @property {number} acks          how often it was acknowledged (more than 1: processed twice)
 * @property {number} [leaseExpiries] with a lease: how often a reservation ran out (worker gone or too slow) and the job went back to pending
 */

/**
 * Job queue stub.
 *   POST /queues/:name/jobs     body JSON payload → 201 { id }
 *   POST /queues/:name/reserve  → 200 { id, payload } | 204 when empty
 *   POST /jobs/:id/ack          → 204 (done) | 404
 *   POST /jobs/:id/release      → 204 (back to pending, e.g. on shutdown) | 404
 *   GET  /queues/:name          → 200 { pending, reserved, done }
 * With `{ leaseMs }` (opt-in), a reservation is a lease: a job reserved and neither
 * acked nor released within `leaseMs` goes back to pending, as a queue does when the
 * worker holding it dies (SIGKILL, lost machine). The reserve answer then also carries
 * `leaseMs`. Without it, a reserved job stays reserved until acked or released.
 * @param {import('node:test').TestContext | null} t
 * @param {{ leaseMs?: number }} [options]
 */
export async function startQueueStub(t, { leaseMs } = {}) {
  if (leaseMs !== undefined && !(Number.isFinite(leaseMs) && leaseMs > 0)) {
    throw new TypeError(`startQueueStub: leaseMs must be a positive number of milliseconds, got ${leaseMs}`);
  }
  /** @type {Job[]} */
  const jobs = [];
  let nextId = 1;
  /** Lease timers by job id (only with leaseMs). @type {Map<string, ReturnType<typeof setTimeout>>} */
  const leases = new Map();
  /** @param {Job} job */
  const endLease = (job) => {
    clearTimeout(leases.get(job.id));
    leases.delete(job.id);
  };
  /** @param {Job} job */
  const startLease = (job) => {
    endLease(job);
    const reservation = job.reservations;
    const timer = setTimeout(() => {
      leases.delete(job.id);
      if (job.state === 'reserved' && job.reservations === reservation) {
        job.state = 'pending';
        job.leaseExpiries = (job.leaseExpiries ?? 0) + 1;
      }
    }, leaseMs);
    timer.unref?.();
    leases.set(job.id, timer);
  };
  const stub = await startStub(t, (req, send) => {
    const path = req.path.split('?')[0] ?? '/';
    let m;
    if ((m = /^\/queues\/([^/]+)\/jobs$/.exec(path)) && req.method === 'POST') {
      let payload;
      try {
        payload = req.body ? JSON.parse(req.body) : null;
      } catch {
        return send(400, { error: 'body must be JSON' });
      }
      const job = { id: String(nextId++), queue: decodeURIComponent(m[1] ?? ''), payload, state: /** @type {const} */ ('pending'), reservations: 0, acks: 0 };
      jobs.push(job);
      return send(201, { id: job.id });
    }
    if ((m = /^\/queues\/([^/]+)\/reserve$/.exec(path)) && req.method === 'POST') {
      const queue = decodeURIComponent(m[1] ?? '');
      const job = jobs.find((j) => j.queue === queue && j.state === 'pending');
      if (!job) return send(204);
      job.state = 'reserved';
      job.reservations++;
      if (leaseMs === undefined) return send(200, { id: job.id, payload: job.payload });
      startLease(job);
      return send(200, { id: job.id, payload: job.payload, leaseMs });
    }
    if ((m = /^\/jobs\/([^/]+)\/(ack|release)$/.exec(path)) && req.method === 'POST') {
      const job = jobs.find((j) => j.id === m?.[1]);
      if (!job) return send(404, { error: `no job ${m[1]}` });
      if (leaseMs !== undefined) endLease(job);
      if (m[2] === 'ack') {
        job.acks++;
        job.state = 'done';
      } else if (job.state !== 'done') job.state = 'pending';
      return send(204);
    }
    if ((m = /^\/queues\/([^/]+)$/.exec(path)) && req.method === 'GET') {
      const queue = decodeURIComponent(m[1] ?? '');
      const count = (/** @type {Job['state']} */ s) => jobs.filter((j) => j.queue === queue && j.state === s).length;
      return send(200, { pending: count('pending'), reserved: count('reserved'), done: count('done') });
    }
    return send(404, { error: 'unknown route' });
  });
  return {
    ...stub,
    close: () => {
      for (const timer of leases.values()) clearTimeout(timer);
      leases.clear();
      return stub.close();
    },
    jobs,
    /** Adds a job directly (as another service would). @param {string} queue @param {unknown} payload */
    push(queue, payload) {
      /** @type {Job} */
      const job = { id: String(nextId++), queue, payload, state: /** @type {const} */ ('pending'), reservations: 0, acks: 0 };
      jobs.push(job);
      return job;
    },
  };
}
