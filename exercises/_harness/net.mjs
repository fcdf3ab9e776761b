// Network helpers for hidden tests: ports, waiting for a listener, HTTP requests.
// All of them have timeouts, and all failures come back as plain-language values
// or HarnessErrors, never as a hanging promise.
import http from 'node:http';
import net from 'node:net';
import { LearnerFacingError } from './failures.mjs';

/** Loopback addresses tried in order: apps may bind IPv4 only, IPv6 only, or both. */
const LOOPBACKS = ['127.0.0.1', '::1'];

/**
 * How long an app must have been quiet (no listen() call, no port bound, none under
 * way) before listenSettled() concludes it is done calling listen(). A second listen()
 * made in the same tick, in the first one's callback or after a host-name lookup is
 * never missed (it shows up as a call under way, or within microseconds); the quiet
 * time covers a listen() after other short asynchronous work, with room for an app
 * that is descheduled on a busy machine.
 */
export const LISTEN_QUIET_MS = 300;

/** Ports freePort() handed out in this process: never twice, so checks running at the same time cannot get the same one. */
const handedOut = new Set();

/**
 * A TCP port that is free right now on all interfaces (the OS picks it), and that
 * freePort() has not handed out before in this process.
 * @returns {Promise<number>}
 */
export async function freePort() {
  for (let attempt = 0; ; attempt++) {
    const port = await anyFreePort();
    if (!handedOut.has(port) || attempt >= 50) {
      handedOut.add(port);
      return port;
    }
  }
}

/**
 * A TCP port the OS says is free right now (the runner uses it too, for "Run app").
 * @returns {Promise<number>}
 */
export function anyFreePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/**
 * `count` distinct free ports.
 * @param {number} count
 */
export async function freePorts(count) {
  const ports = new Set();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

/**
 * Whether nothing listens on `port` (we could bind it ourselves, then released it).
 * @param {number} port
 * @returns {Promise<boolean>}
 */
export function isPortFree(port) {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/**
 * Tries a TCP connection; resolves with the host that accepted it, or null.
 * @param {number} port
 * @param {{ hosts?: string[], timeoutMs?: number }} [options]
 * @returns {Promise<string | null>}
 */
export async function connectHost(port, { hosts = LOOPBACKS, timeoutMs = 500 } = {}) {
  for (const host of hosts) {
    const ok = await new Promise((resolve) => {
      const socket = net.connect({ host, port });
      const done = (/** @type {boolean} */ result) => {
        socket.destroy();
        resolve(result);
      };
      socket.setTimeout(timeoutMs, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
    if (ok) return host;
  }
  return null;
}

/**
 * @typedef {object} WaitResult
 * @property {boolean} ok
 * @property {string} [host]       the loopback address that answered
 * @property {number} elapsedMs
 * @property {'exited' | 'timeout' | 'elsewhere'} [reason]  why not: app exited, time ran out, or the app is listening on other ports only
 */

/**
 * Waits until something accepts TCP connections on `port`. With `app`, stops early
 * when the app exits, or when it clearly listens somewhere else: its listen observer
 * shows it bound other ports, no listen() is under way, and it has been quiet for
 * `elsewhereGraceMs` since its last listen activity. The default (1 s) leaves room for
 * an app that rightly listens on a second port first (an admin port, say) and on
 * `port` after some set-up; an exercise where any other port is already a mistake
 * can pass a shorter one.
 * @param {number} port
 * @param {{ app?: import('./process.mjs').App, timeoutMs?: number, intervalMs?: number, elsewhereGraceMs?: number }} [options]
 * @returns {Promise<WaitResult>}
 */
export async function waitForPort(port, { app, timeoutMs = 5000, intervalMs = 25, elsewhereGraceMs = 1000 } = {}) {
  const start = Date.now();
  for (;;) {
    const host = await connectHost(port, { timeoutMs: 300 });
    const elapsedMs = Date.now() - start;
    if (host) return { ok: true, host, elapsedMs };
    if (app && !app.running) return { ok: false, reason: 'exited', elapsedMs };
    if (app) {
      const events = app.listenEvents();
      if (events.some((e) => e.event === 'listening' && e.port !== port)) {
        const { pending, lastAt } = app.listenActivity(events);
        if (!pending && lastAt !== null && Date.now() - lastAt >= elsewhereGraceMs) return { ok: false, reason: 'elsewhere', elapsedMs };
      }
    }
    if (elapsedMs >= timeoutMs) return { ok: false, reason: 'timeout', elapsedMs };
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * Waits until `app` is done calling listen(): no call under way and `quietMs` since
 * its last listen activity (see App#listenActivity). Resolves true then (or as soon
 * as the app has exited), false when that does not happen within `timeoutMs` or
 * the app has no listen observer. Use it before judging which ports an app bound.
 * @param {import('./process.mjs').App} app
 * @param {{ quietMs?: number, timeoutMs?: number, intervalMs?: number }} [options]
 * @returns {Promise<boolean>}
 */
export async function listenSettled(app, { quietMs = LISTEN_QUIET_MS, timeoutMs = 5000, intervalMs = 25 } = {}) {
  const start = Date.now();
  for (;;) {
    if (!app.running) return true;
    if (!app.listenLog) return false;
    const { pending, lastAt } = app.listenActivity();
    if (!pending && Date.now() - (lastAt ?? app.startedAt) >= quietMs) return true;
    if (Date.now() - start >= timeoutMs) return false;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * @typedef {object} HttpResponse
 * @property {number} status
 * @property {import('node:http').IncomingHttpHeaders} headers
 * @property {string} body
 * @property {() => unknown} json   parsed body, or undefined when it is not JSON
 */

/**
 * One HTTP request with a timeout. Rejects with a LearnerFacingError (status `fail`:
 * the app did not answer) whose `code` is ECONNREFUSED, TIMEOUT, ECONNRESET, …
 * and whose message is plain language. Catch it to add what was expected.
 * @param {{ port: number, host?: string, path?: string, method?: string, headers?: Record<string, string>, body?: string | Buffer, timeoutMs?: number, maxBodyBytes?: number }} options
 * @returns {Promise<HttpResponse>}
 */
export function request({ port, host = '127.0.0.1', path = '/', method = 'GET', headers = {}, body, timeoutMs = 3000, maxBodyBytes = 1024 * 1024 }) {
  return new Promise((resolve, reject) => {
    const where = `${method} http://localhost:${port}${path}`;
    const req = http.request({ host, port, path, method, headers, agent: false }, (res) => {
      /** @type {Buffer[]} */
      const chunks = [];
      let size = 0;
      res.on('data', (chunk) => {
        size += chunk.length;
        if (size > maxBodyBytes) {
          req.destroy();
          reject(httpError('TOO_LARGE', `${where}: the response body was larger than ${maxBodyBytes} bytes.`));
          return;
        }
        chunks.push(chunk);
      });
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body: text,
          json: () => {
            try {
              return JSON.parse(text);
            } catch {
              return undefined;
            }
          },
        });
      });
      res.on('error', (err) => reject(httpError('ECONNRESET', `${where}: the connection broke while reading the answer (${err.message}).`)));
    });
    req.setTimeout(timeoutMs, () => {
      req.destroy();
      reject(httpError('TIMEOUT', `${where}: no answer within ${timeoutMs / 1000} s.`));
    });
    req.on('error', (/** @type {any} */ err) => {
      const text =
        err.code === 'ECONNREFUSED'
          ? `${where}: connection refused (nothing is listening on port ${port}).`
          : err.code === 'ECONNRESET' || err.code === 'EPIPE'
            ? `${where}: the app closed the connection without answering.`
            : `${where}: ${err.message}`;
      reject(httpError(err.code ?? 'EHTTP', text));
    });
    if (body !== undefined) req.write(body);
    req.end();
  });
}

/** @param {string} code @param {string} message */
function httpError(code, message) {
  const err = new LearnerFacingError(message);
  /** @type {any} */ (err).code = code;
  return err;
}
