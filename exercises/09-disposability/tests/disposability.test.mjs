// Hidden checks for exercise 09, disposability. Behaviour only: each check starts
// the learner's processes (`node server.js`, `node worker.js`) as real processes
// with their own key-value store and queue (stubs started here), sends them the
// signals a platform sends, and looks at what the stubs and the clients saw.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// Four checks, each with its own stubs and processes, in two groups of two run
// side by side: {start-up, worker SIGTERM} then {web SIGTERM, worker SIGKILL}.
// Signals go to one process id each, never to a group, so no check can hit
// another's process. A web process that binds a fixed port fails every web check
// whether or not another copy holds that port (the checks wait for PORT), so
// the grouping changes no verdict.
//
// Where this runtime cannot deliver signals, the signal checks end with `error`
// (sendSignal throws a HarnessError), never with a pass.
import {
  concurrently,
  connectHost,
  describeExit,
  ensure,
  excerpt,
  expectListening,
  fail,
  freePort,
  HarnessError,
  request,
  show,
  signalSupport,
  sendSignal,
  startApp,
  startQueueStub,
  startStub,
  test,
} from '../_harness/index.mjs';

const WEB = ['node', 'server.js'];
const WORKER = ['node', 'worker.js'];
const QUEUE_NAME = 'clicks';
/** Start-up bound: "a few seconds from launch until ready" (the factor); the course asks for 4 s. */
const READY_MS = 4000;
/** Links in the store for the start-up check, and how long the store takes to answer a read of one. */
const LINK_COUNT = 400;
/** How long Node may take to boot before the app's code runs, on a busy machine (not judged). */
const BOOT_MS = 5000;
const LINK_READ_MS = 25;
/** How long the store takes to answer the read behind the slow request. */
const SLOW_MS = 1500;
/** Within this long after SIGTERM, new connections must be refused. */
const REFUSE_MS = 1000;
/** Within this long after SIGTERM, the web process must have exited (the slow request takes SLOW_MS). */
const WEB_EXIT_MS = SLOW_MS + 3000;
/** Within this long after SIGTERM, the worker must have exited. */
const WORKER_EXIT_MS = 3000;
/** The queue's lease in the SIGKILL check. */
const LEASE_MS = 600;
/** Generous waits for things that are not being judged for speed (a loaded machine). */
const SETTLE_MS = 10_000;
const CHECK_MS = 40_000;

const SERVER_HINT = 'server.js: the SIGTERM handler, and what it does with the server (close(), not process.exit() at once).';
const WORKER_HINT = 'worker.js: what the loop does with the job in hand when SIGTERM arrives (queue.release(id)).';
const CLICKS_HINT = 'clicks.js, recordClick(): running it twice for the same job must count one click (it gets the job id).';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const code = (/** @type {string} */ prefix) => `${prefix}-${Math.random().toString(36).slice(2, 8)}`;

/**
 * A key-value store stub (same routes as the harness's) that can answer some reads
 * slowly and hold one request forever, to catch a process in the middle of its work.
 * @param {import('node:test').TestContext} t
 * @param {Record<string, string>} [initial]
 */
async function startStore(t, initial = {}) {
  const data = new Map(Object.entries(initial));
  const state = {
    data,
    /** Delay in ms before answering a request for `key` (0: at once). @type {(method: string, key: string) => number} */
    delay: () => 0,
    /** The first request for which this returns true is held (never answered). @type {((method: string, key: string) => boolean) | null} */
    holdWhen: null,
    /** Whether a held PUT/DELETE is applied (it reached the store) or not. */
    applyHeld: false,
    /** @type {{ method: string, key: string } | null} */
    held: null,
    /** Store requests in order, as "METHOD key". @type {string[]} */
    log: [],
  };
  /** @type {(value: { method: string, key: string }) => void} */
  let heldSeen = () => {};
  const heldPromise = new Promise((resolve) => (heldSeen = resolve));
  const stub = await startStub(t, (req, send) => {
    const path = req.path.split('?')[0] ?? '/';
    if (path === '/keys' && req.method === 'GET') {
      state.log.push('GET /keys');
      return send(200, [...data.keys()]);
    }
    const m = /^\/keys\/(.+)$/.exec(path);
    if (!m?.[1]) return send(404, { error: 'use /keys/:key' });
    const key = decodeURIComponent(m[1]);
    state.log.push(`${req.method} ${key}`);
    const apply = () => {
      if (req.method === 'PUT') data.set(key, req.body);
      else if (req.method === 'DELETE') data.delete(key);
    };
    if (state.holdWhen && !state.held && state.holdWhen(req.method, key)) {
      state.held = { method: req.method, key };
      if (state.applyHeld) apply();
      heldSeen(state.held);
      return; // never answered
    }
    const answer = () => {
      if (req.method === 'GET') return data.has(key) ? send(200, data.get(key)) : send(404, { error: `no key ${key}` });
      if (req.method === 'PUT' || req.method === 'DELETE') {
        apply();
        return send(204);
      }
      return send(405, { error: 'GET, PUT or DELETE' });
    };
    const ms = state.delay(req.method, key);
    if (ms > 0) setTimeout(answer, ms);
    else answer();
  });
  return Object.assign(state, { url: stub.url, requests: stub.requests, heldPromise });
}

/** Resolves with the result of `promise`, or `fallback` after `ms`. */
function within(promise, ms, fallback = null) {
  let timer;
  return Promise.race([promise, new Promise((r) => (timer = setTimeout(() => r(fallback), ms)))]).finally(() => clearTimeout(timer));
}

/** Polls `condition` every 25 ms for up to `ms`; true once it holds. */
async function until(condition, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (condition()) return true;
    await sleep(25);
  }
  return Boolean(condition());
}

/** @param {import('../_harness/index.mjs').App} app */
function lastWords(app) {
  return excerpt(app.output()) || '(no output)';
}

/** A job's story, in words. @param {{ state: string, reservations: number, acks: number, leaseExpiries?: number }} job */
function jobStory(job) {
  return `reserved ${job.reservations} time(s), acked ${job.acks} time(s), now ${job.state}`;
}

/** Starts the web process and waits for it to answer (not judged for speed here). */
async function startWeb(t, store, queue, label = 'node server.js') {
  const port = await freePort();
  const app = await startApp(t, { command: WEB, env: { PORT: String(port), STORE_URL: store.url, QUEUE_URL: queue.url }, label });
  await expectListening(app, port, {
    timeoutMs: SETTLE_MS,
    expected: `the web process listens on port ${port} (PORT) with STORE_URL and QUEUE_URL set.`,
    hint: 'server.js: it must start and call listen() on process.env.PORT.',
  });
  return { app, port };
}

/** GET /links/:code through a fresh web process: how many clicks it reports. */
async function clicksOf(t, store, queue, linkCode) {
  const { port } = await startWeb(t, store, queue, 'node server.js (to read the count)');
  let res;
  try {
    res = await request({ port, path: `/links/${linkCode}`, timeoutMs: SETTLE_MS });
  } catch (err) {
    return fail({ observed: err.message, expected: `GET /links/${linkCode} answers with the link and its clicks.`, hint: 'clicks.js, countClicks().' });
  }
  const clicks = res.json()?.clicks;
  ensure(res.status === 200 && typeof clicks === 'number', {
    observed: `GET /links/${linkCode} answered ${res.status} ${show(res.body)}.`,
    expected: 'status 200 and a JSON body with a number in "clicks".',
    hint: 'clicks.js, countClicks(): it must return the number of clicks recorded by recordClick().',
  });
  return clicks;
}

/** Checks that SIGKILL can be sent here; the probe is for SIGTERM, which needs the same machinery. */
async function killHard(app) {
  const support = await signalSupport('SIGTERM');
  if (!support.supported) {
    throw new HarnessError(
      `This check needs to kill your worker (SIGKILL), but this runtime cannot deliver signals (${support.reason}). ` +
        'The check was not run, so it does not count as passed. Run it with the local runtime or `npm run check` on your machine.',
    );
  }
  if (app.running && app.pid) {
    try {
      process.kill(app.pid, 'SIGKILL');
    } catch (err) {
      throw new HarnessError(`Sending SIGKILL to your worker failed: ${err.message}`);
    }
  }
  if (!(await app.waitForExit(SETTLE_MS))) throw new HarnessError('Your worker was sent SIGKILL but did not stop; this runtime cannot kill a process.');
}

concurrently(() => {
  test(`the web process is ready within ${READY_MS / 1000} s, even with ${LINK_COUNT} links in the store`, { timeoutMs: CHECK_MS }, async (t) => {
    /** @type {Record<string, string>} */
    const links = {};
    for (let i = 0; i < LINK_COUNT; i++) links[`link:l${i}`] = JSON.stringify({ url: `https://example.com/${i}`, createdAt: '2026-01-01T00:00:00.000Z' });
    const store = await startStore(t, links);
    store.delay = (method, key) => (method === 'GET' && key.startsWith('link:') ? LINK_READ_MS : 0);
    const queue = await startQueueStub(t);
    const port = await freePort();
    const started = Date.now();
    const app = await startApp(t, { command: WEB, env: { PORT: String(port), STORE_URL: store.url, QUEUE_URL: queue.url } });
    // The clock starts when Node begins running the app's code (the listen observer's
    // "loaded" event), so that Node's own boot on a busy machine is not counted; where
    // the observer is not loaded, when the process was spawned.
    const since = () => app.listenEvents().find((e) => e.event === 'loaded')?.t ?? (Date.now() - started > BOOT_MS ? started : Date.now());
    let ready = false;
    let lastError = '';
    while (Date.now() - since() < READY_MS && app.running) {
      try {
        const res = await request({ port, path: '/health', timeoutMs: 500 });
        if (res.status === 200) {
          ready = true;
          break;
        }
        lastError = `GET /health answered ${res.status}`;
      } catch (err) {
        lastError = err.message.replace(/\.$/, '');
      }
      await sleep(50);
    }
    const reads = store.log.filter((l) => l.startsWith('GET link:')).length;
    ensure(ready, () => ({
      observed:
        `${READY_MS / 1000} s after it began running its code, the web process did not answer GET /health with 200 (${app.running ? lastError || 'no answer' : `it ${describeExit(app.exitStatus ?? { code: null, signal: null })}`}). ` +
        `By then it had read ${reads} of the ${LINK_COUNT} links from the store, one after the other. Its output:\n${lastWords(app)}`,
      expected: `the process is ready to take requests within ${READY_MS / 1000} s of being launched, however much data the store holds: start-up does only what serving needs, and reads data when a request asks for it.`,
      hint: 'server.js, everything that runs before listen(): the cache warm-up reads every link before the server listens.',
    }));
    const res = await request({ port, path: '/links/l123', timeoutMs: SETTLE_MS }).catch((err) => ({ status: 0, body: err.message, json: () => undefined }));
    ensure(res.status === 200 && res.json()?.url === 'https://example.com/123', {
      observed: `Once ready, GET /links/l123 answered ${res.status} ${show(res.body)}.`,
      expected: 'a link stored before start-up is found when asked for (status 200 with its url).',
      hint: 'app.js reads a link from the store when it is not in the cache: pass no cache, or an empty one.',
    });
  });

  test('on SIGTERM mid-job, the worker returns its job to the queue and exits with code 0', { timeoutMs: CHECK_MS }, async (t) => {
    const store = await startStore(t);
    const queue = await startQueueStub(t);
    const job = queue.push(QUEUE_NAME, { code: code('w'), at: new Date().toISOString() });
    // The job's first store request after it is reserved is held: the job cannot finish.
    store.holdWhen = () => job.reservations > 0;
    store.applyHeld = false;
    const worker = await startApp(t, { command: WORKER, env: { STORE_URL: store.url, QUEUE_URL: queue.url } });
    const held = await within(store.heldPromise, SETTLE_MS);
    if (!held) {
      fail({
        observed:
          job.reservations === 0
            ? `The worker never took the job off the queue at QUEUE_URL within ${SETTLE_MS / 1000} s (job ${jobStory(job)}). Its output:\n${lastWords(worker)}`
            : `The worker took the job (${jobStory(job)}) but never asked the store at STORE_URL to record the click. Its output:\n${lastWords(worker)}`,
        expected: 'the worker reserves the "clicks" job and records the click in the store.',
        hint: 'worker.js and clicks.js.',
      });
    }
    const acksBefore = job.acks;
    await sendSignal(worker, 'SIGTERM');
    const status = await worker.waitForExit(WORKER_EXIT_MS);
    /** @type {string[]} */
    const problems = [];
    if (acksBefore > 0 || job.acks > 0) {
      problems.push(`it acknowledged the job (acked ${job.acks} time(s)) although the click was never recorded: its store request (${held.method} ${held.key}) never got an answer. An ack says "done"; the queue forgets the job, and the click is lost.`);
    } else if (job.state === 'reserved') {
      problems.push(`the job is still reserved (${jobStory(job)}): the worker did not release it, so no other worker will ever get it, and the click is lost.`);
    }
    if (!status) {
      problems.push(`it was still running ${WORKER_EXIT_MS / 1000} s after SIGTERM, waiting for its job to finish, which it could not. A platform sends SIGKILL after its grace period.`);
    } else if (status.code !== 0) {
      problems.push(`it ${describeExit(status)}, where a clean stop exits with code 0.`);
    }
    if (problems.length) {
      fail({
        observed: `The worker got SIGTERM while its job (click on ${job.payload.code}) was waiting for the store. Then ${problems.join(' And ')}\nIts output:\n${lastWords(worker)}`,
        expected: `on SIGTERM, the worker takes no new job, gives the job in hand back to the queue (release) unless it is done, and exits with code 0 within ${WORKER_EXIT_MS / 1000} s.`,
        hint: WORKER_HINT,
      });
    }
    ensure(job.state === 'pending', {
      observed: `After SIGTERM the job is ${jobStory(job)}.`,
      expected: 'the job is back in the queue (pending), ready for another worker.',
      hint: WORKER_HINT,
    });
  });
});

concurrently(() => {
  test('on SIGTERM, the web process finishes the request under way, refuses new connections and exits with code 0', { timeoutMs: CHECK_MS }, async (t) => {
    const store = await startStore(t, { 'link:home': JSON.stringify({ url: 'https://example.com/', createdAt: '2026-01-01T00:00:00.000Z' }) });
    const queue = await startQueueStub(t);
    const { app, port } = await startWeb(t, store, queue);
    // A link added now (so no start-up cache holds it), whose read the store answers slowly.
    const slowCode = code('slow');
    store.data.set(`link:${slowCode}`, JSON.stringify({ url: 'https://example.com/slow', createdAt: '2026-01-01T00:00:00.000Z' }));
    /** @type {() => void} */
    let readSeen = () => {};
    const readPromise = new Promise((resolve) => (readSeen = () => resolve(true)));
    store.delay = (method, key) => {
      if (method === 'GET' && key === `link:${slowCode}`) {
        readSeen();
        return SLOW_MS;
      }
      return 0;
    };
    const inFlight = request({ port, path: `/links/${slowCode}`, timeoutMs: SLOW_MS + SETTLE_MS }).then(
      (res) => ({ res, error: null }),
      (err) => ({ res: null, error: err }),
    );
    const reading = await within(Promise.race([readPromise, inFlight.then(() => false)]), SETTLE_MS, false);
    if (!reading) {
      const done = await within(inFlight, 10);
      fail({
        observed: `GET /links/${slowCode} never asked the store for link:${slowCode}${done ? ` (it answered ${done.res ? `${done.res.status} ${show(done.res.body)}` : done.error.message})` : ''}.`,
        expected: 'the web process reads a link from the store when it is asked for one it does not know yet.',
        hint: 'app.js finds links through the cache you pass it, then the store: pass no cache, or an empty one.',
      });
    }
    await sleep(100);
    await sendSignal(app, 'SIGTERM');
    const signalledAt = Date.now();

    // New connections: refused within REFUSE_MS.
    let acceptedLast = -1;
    let refused = false;
    while (Date.now() - signalledAt < REFUSE_MS) {
      if (!(await connectHost(port, { timeoutMs: 300 }))) {
        refused = true;
        break;
      }
      acceptedLast = Date.now() - signalledAt;
      await sleep(50);
    }
    if (!refused && !(await connectHost(port, { timeoutMs: 300 }))) refused = true;

    const { res, error } = await inFlight;
    const status = await app.waitForExit(Math.max(0, WEB_EXIT_MS - (Date.now() - signalledAt)));
    const exitText = status ? `it ${describeExit(status)}` : `it was still running ${WEB_EXIT_MS / 1000} s after SIGTERM`;

    if (error || !res || res.status !== 200) {
      fail({
        observed: `A request (GET /links/${slowCode}) was under way, waiting ${SLOW_MS / 1000} s for the store, when the web process got SIGTERM. ${error ? `The client got no answer: ${error.message}` : `It answered ${res?.status} ${show(res?.body)}.`} Then ${exitText}.\nIts output:\n${lastWords(app)}`,
        expected: 'requests under way when SIGTERM arrives are answered normally (here 200 with the link); only then does the process exit. Exiting at once, or cutting open connections, drops them.',
        hint: SERVER_HINT,
      });
    }
    ensure(refused, {
      observed: `After SIGTERM the web process still accepted new connections on port ${port} (the last one ${acceptedLast} ms after the signal, while the slow request was still being answered). Then ${exitText}.`,
      expected: `within ${REFUSE_MS / 1000} s of SIGTERM the process stops listening, so new connections are refused and the router sends them to another process, while requests under way finish.`,
      hint: `${SERVER_HINT} server.close() stops listening at once.`,
    });
    ensure(status, () => ({
      observed: `The request under way was answered and new connections were refused, but the web process was still running ${WEB_EXIT_MS / 1000} s after SIGTERM. Something keeps it alive (a timer, an open connection, a handle), and nothing ends it.\nIts output:\n${lastWords(app)}`,
      expected: 'once the requests under way are answered, the process exits by itself, before the platform loses patience and sends SIGKILL.',
      hint: `${SERVER_HINT} Look at what still runs after close(): setInterval timers, or exit explicitly in close()'s callback.`,
    }));
    ensure(status?.code === 0, {
      observed: `The web process ${describeExit(status ?? { code: null, signal: null })} after SIGTERM.\nIts output:\n${lastWords(app)}`,
      expected: 'after a graceful shutdown the process exits with code 0: a stop on request is not a crash.',
      hint: SERVER_HINT,
    });
  });

  test('after SIGKILL mid-job, the job comes back and its click is counted exactly once', { timeoutMs: CHECK_MS }, async (t) => {
    const linkCode = code('k');
    const store = await startStore(t, { [`link:${linkCode}`]: JSON.stringify({ url: 'https://example.com/k', createdAt: '2026-01-01T00:00:00.000Z' }) });
    const queue = await startQueueStub(t, { leaseMs: LEASE_MS });
    const job = queue.push(QUEUE_NAME, { code: linkCode, at: new Date().toISOString() });
    // The job's first write reaches the store, but its answer never comes back: the worker dies there.
    store.holdWhen = (method) => job.reservations > 0 && (method === 'PUT' || method === 'DELETE');
    store.applyHeld = true;
    const first = await startApp(t, { command: WORKER, env: { STORE_URL: store.url, QUEUE_URL: queue.url }, label: 'node worker.js (first)' });
    const held = await within(store.heldPromise, SETTLE_MS);
    if (!held) {
      fail({
        observed:
          job.reservations === 0
            ? `The worker never took the job off the queue at QUEUE_URL within ${SETTLE_MS / 1000} s (job ${jobStory(job)}). Its output:\n${lastWords(first)}`
            : `The worker took the job (${jobStory(job)}) but wrote nothing to the store within ${SETTLE_MS / 1000} s. Its output:\n${lastWords(first)}`,
        expected: 'the worker reserves the "clicks" job and records the click in the store.',
        hint: 'worker.js and clicks.js.',
      });
    }
    await killHard(first);
    const second = await startApp(t, { command: WORKER, env: { STORE_URL: store.url, QUEUE_URL: queue.url }, label: 'node worker.js (second)' });
    const done = await until(() => job.state === 'done', LEASE_MS + SETTLE_MS);
    ensure(done, () => ({
      observed: `The first worker was killed (SIGKILL) right after its write (${held.method} ${held.key}) reached the store. The queue handed the job back after its ${LEASE_MS} ms lease, but the second worker did not finish it within ${SETTLE_MS / 1000} s (job ${jobStory(job)}).\nThe second worker's output:\n${lastWords(second)}`,
      expected: 'a job given back by the queue is processed by the next worker and acked.',
      hint: `${WORKER_HINT} ${CLICKS_HINT}`,
    }));
    await second.stop();
    const clicks = await clicksOf(t, store, queue, linkCode);
    ensure(clicks === 1, () => ({
      observed:
        `One click job (job ${jobStory(job)}). The first worker was killed (SIGKILL) right after its write (${held.method} ${held.key}) reached the store, before it could ack; ` +
        `the queue gave the job to a second worker, which ran it again. GET /links/${linkCode} now reports ${clicks} click${clicks === 1 ? '' : 's'}. ` +
        `The store was asked, in order: ${store.log.filter((l) => l !== 'GET /keys').slice(0, 12).join(', ') || '(nothing)'}.`,
      expected:
        clicks > 1
          ? 'the job is reentrant: running it a second time, after a first run that died midway, leaves exactly one click. Make recording a click idempotent, keyed by the job id, in one write.'
          : 'the click is counted once: a killed worker loses nothing, because the job comes back and the second run completes it.',
      hint: CLICKS_HINT,
    }));
  });
});
