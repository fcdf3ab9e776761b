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
// The web checks (start-up, web SIGTERM) and the store stub live in
// ../_harness/checks/disposability.mjs, shared with the capstone (exercise 13).
//
// Where this runtime cannot deliver signals, the signal checks end with `error`
// (sendSignal throws a HarnessError), never with a pass.
import {
  describeExit,
  ensure,
  fail,
  HarnessError,
  request,
  show,
  signalSupport,
  sendSignal,
  startApp,
  startQueueStub,
  test,
  concurrently,
} from '../_harness/index.mjs';
import { code, lastWords, startStore, until, webDisposabilityChecks, within } from '../_harness/checks/disposability.mjs';

const WORKER = ['node', 'worker.js'];
const QUEUE_NAME = 'clicks';
/** Within this long after SIGTERM, the worker must have exited. */
const WORKER_EXIT_MS = 3000;
/** The queue's lease in the SIGKILL check. */
const LEASE_MS = 600;
/** Generous waits for things that are not being judged for speed (a loaded machine). */
const SETTLE_MS = 10_000;
const CHECK_MS = 40_000;

const WORKER_HINT = 'worker.js: what the loop does with the job in hand when SIGTERM arrives (queue.release(id)).';
const CLICKS_HINT = 'clicks.js, recordClick(): running it twice for the same job must count one click (it gets the job id).';

const web = webDisposabilityChecks();
const { startWeb } = web;

/** A job's story, in words. @param {{ state: string, reservations: number, acks: number, leaseExpiries?: number }} job */
function jobStory(job) {
  return `reserved ${job.reservations} time(s), acked ${job.acks} time(s), now ${job.state}`;
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
  web.startUp();

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
  web.sigterm();

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
