// Hidden checks for exercise 11, logs. Behaviour only: each check starts the
// learner's processes (`node server.js`, `node worker.js`) as real processes,
// with their own store and queue (stubs started here), and watches from outside
// what they write, where, and when:
// - their stdout, LIVE: every chunk is time-stamped as it arrives, so a line
//   written when its request is answered is told apart from one held in a buffer
//   and written later (on a timer, when a buffer fills, at exit);
// - the folders they could write a log file to (their own folder, TMPDIR, HOME,
//   the folder of LOG_FILE), snapshotted before start and after they have exited
//   (stopped with SIGTERM where the runtime can send it, so that a flush at exit
//   is seen too), and on Linux the files they hold open for writing;
// - a log collector stub at LOG_COLLECTOR_URL, which must receive nothing, and the
//   programs they start (spawn observer), such as logrotate.
// LOG_FILE and LOG_COLLECTOR_URL are set the way the old deploy set them (a
// twelve-factor app ignores both), and NODE_ENV=production, as platforms often set
// it, so that "stdout in development, a file in production" is seen.
// (This file runs from <root>/hidden/tests/, so the harness is ../_harness/.)
//
// The order, and why. The first check starts ONE web process (startApp(null, …))
// and sends it a series of requests, one after the other; the next three checks
// judge that same run after stopping it (one start for four verdicts: a faster
// run). The pacing is what makes a timer visible: each request is sent as soon as
// the previous one's event has arrived, i.e. just after a flush, so an app that
// flushes every second shows each event about a second after its answer, never
// by chance within the limit. The worker's check runs last, alone, with its own
// stubs and folders (it shares the app's folder with the web process's run).
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after } from 'node:test';
import {
  describeLaunch,
  expectListening,
  fail,
  freePort,
  HarnessError,
  isNodeItself,
  learnerDir,
  LearnerFacingError,
  recordLaunches,
  request,
  sendSignal,
  show,
  signalSupport,
  snapshotTree,
  startApp,
  startKeyValueStub,
  startQueueStub,
  startStub,
  test,
  treeChanges,
} from '../_harness/index.mjs';

/** An event must reach stdout within this long of the answer (of the ack, for the worker). */
const LIVE_MS = 500;
/** How long a missing event is still waited for, only to say how late it came. */
const LATE_MS = 2500;
/** Start-up: not judged for speed, but a generous bound on a busy machine. */
const READY_MS = 8000;
/** How long a process gets to exit after SIGTERM before it is killed. */
const STOP_MS = 3000;
/** How often the files a process holds open are looked at (Linux). */
const FD_POLL_MS = 40;
/** A `time` more than this far from the clock is not the time of the event. */
const CLOCK_SLACK_MS = 10 * 60 * 1000;

const CLICKS_QUEUE = 'clicks';
const LOG_HINT = "log.js: write each event at once with process.stdout.write(JSON.stringify(event) + '\\n') (or console.log of the JSON text): no buffer, no timer, no file.";
const REQUEST_HINT = `${LOG_HINT} And server.js: log one event per request, with method, path and status, when the answer goes out (for example in res.on('finish', …)).`;
const FORMAT_EXPECTED =
  'every line the process writes to stdout is one JSON object, a whole event on one line, with time (ISO 8601), level and msg. A log router or an indexing system splits the stream at line ends and reads each line as one event.';

const sleep = (/** @type {number} */ ms) => new Promise((r) => setTimeout(r, ms));
const random = () => Math.random().toString(36).slice(2, 8);

// ---------------------------------------------------------------------------
// Watching a process's output live.

/** @typedef {{ text: string, at: number, index: number, stream: 'stdout' | 'stderr', partial?: boolean }} Line */

/**
 * Splits what `app` writes into lines, each stamped with the time its last chunk
 * arrived here. Attached right after startApp() resolves, before any output.
 * @param {import('../_harness/index.mjs').App} app
 */
function watchLines(app) {
  /** @type {Record<'stdout' | 'stderr', Line[]>} */
  const lines = { stdout: [], stderr: [] };
  const rest = { stdout: '', stderr: '' };
  for (const stream of /** @type {const} */ (['stdout', 'stderr'])) {
    app.child[stream]?.on('data', (/** @type {string} */ chunk) => {
      const at = Date.now();
      const parts = (rest[stream] + chunk).split('\n');
      rest[stream] = parts.pop() ?? '';
      for (const text of parts) lines[stream].push({ text: text.replace(/\r$/, ''), at, index: lines[stream].length, stream });
      // A runaway process: keep memory bounded (the first lines are the ones judged).
      if (lines[stream].length > 20_000) lines[stream].splice(10_000, lines[stream].length - 10_000);
    });
  }
  return {
    /** Complete lines so far. @param {'stdout' | 'stderr'} stream */
    lines: (stream) => lines[stream],
    /** Every line, with an unfinished last one (written without a final newline). @param {'stdout' | 'stderr'} stream */
    all: (stream) => (rest[stream] ? [...lines[stream], { text: rest[stream], at: Date.now(), index: lines[stream].length, stream, partial: true }] : lines[stream]),
  };
}

/** The JSON object on `line`, or null when the line is not exactly one JSON object. @param {string} line */
function parseEvent(line) {
  const text = line.trim();
  if (!text.startsWith('{')) return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? /** @type {Record<string, unknown>} */ (value) : null;
  } catch {
    return null;
  }
}

/** The first of `names` that the event has. @param {Record<string, unknown>} event @param {string[]} names */
function field(event, names) {
  for (const name of names) if (event[name] !== undefined && event[name] !== null) return event[name];
  return undefined;
}

/** What is wrong with an event's time, level and message ('' when nothing). @param {Record<string, unknown>} event */
function missingBasics(event) {
  /** @type {string[]} */
  const problems = [];
  const time = field(event, ['time', 'timestamp']);
  const ms = typeof time === 'number' ? time : typeof time === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(time) ? Date.parse(time) : NaN;
  if (time === undefined) problems.push('no "time"');
  else if (!Number.isFinite(ms)) problems.push(`a "time" that is not an ISO 8601 date and time (${show(time, 60)})`);
  else if (Math.abs(ms - Date.now()) > CLOCK_SLACK_MS) {
    problems.push(`a "time" that is not the time of the event (${show(time, 60)}; an ISO 8601 string, or a number of milliseconds since 1970, is expected)`);
  }
  const level = field(event, ['level', 'severity']);
  if (!(typeof level === 'string' ? level.trim() : typeof level === 'number')) problems.push('no "level"');
  const msg = field(event, ['msg', 'message', 'event']);
  if (!(typeof msg === 'string' && msg.trim())) problems.push('no "msg"');
  return problems.join(', ');
}

/** @param {string} text */
const clip = (text, max = 160) => (text.length > max ? `${text.slice(0, max)}…` : text);

/**
 * Every stdout line that is not one JSON object with time, level and msg, in words.
 * @param {Line[]} lines
 */
function formatProblems(lines) {
  /** @type {string[]} */
  const problems = [];
  for (const line of lines) {
    if (!line.text.trim()) continue;
    const event = parseEvent(line.text);
    if (!event) problems.push(`line ${line.index + 1}, not one JSON object: ${show(clip(line.text))}`);
    else {
      const missing = missingBasics(event);
      if (missing) problems.push(`line ${line.index + 1} has ${missing}: ${show(clip(line.text))}`);
    }
  }
  return problems;
}

/**
 * Waits until a line satisfying `match` arrives (looking at lines from index `from`),
 * or `until` (a Date.now() value) passes. Judges by arrival time, not by when it looked.
 * @param {ReturnType<typeof watchLines>} watch
 * @param {number} from
 * @param {(line: Line) => boolean} match
 * @param {number} until
 * @returns {Promise<Line | null>}
 */
async function waitForLine(watch, from, match, until) {
  let next = from;
  for (;;) {
    const lines = watch.lines('stdout');
    for (; next < lines.length; next++) {
      const line = lines[next];
      if (line && match(line)) return line;
    }
    if (Date.now() > until) return null;
    await sleep(10);
  }
}

/**
 * Why no event for something (a request, a job) arrived in time, in words.
 * @param {ReturnType<typeof watchLines>} watch
 * @param {{ from: number, fromErr: number, doneAt: number, what: string, mentions: (text: string) => boolean, match: (line: Line) => boolean, close?: (event: Record<string, unknown>) => string }} o
 */
async function explainMissing(watch, { from, fromErr, doneAt, what, mentions, match, close }) {
  const late = await waitForLine(watch, from, match, doneAt + LATE_MS);
  if (late) {
    const s = ((late.at - doneAt) / 1000).toFixed(1);
    return `${what}, but its event reached stdout only ${s} s later:\n  ${clip(late.text)}\nThe event was held back (in a buffer, written on a timer or when the buffer filled) instead of being written when it happened.`;
  }
  const out = watch.all('stdout').slice(from);
  const near = out.map((l) => ({ line: l, event: parseEvent(l.text) })).filter(({ line }) => mentions(line.text));
  const wrong = near.find(({ event }) => event && close?.(event));
  if (wrong?.event && close) return `${what}. An event about it came, but ${close(wrong.event)}:\n  ${clip(wrong.line.text)}`;
  const json = near.find(({ event }) => event);
  if (json) return `${what}. A JSON line mentions it, but it does not carry the fields the check reads:\n  ${clip(json.line.text)}`;
  if (near.length) {
    const shown = out.slice(Math.max(0, near[0].line.index - from - 3), near[0].line.index - from + 4).map((l) => `  ${clip(l.text)}`).join('\n');
    return `${what}. Lines about it came, but not as one JSON object on one line:\n${shown}\nA pretty-printed object spans several lines, and console.log(object) prints JavaScript, not JSON.`;
  }
  const err = watch.all('stderr').slice(fromErr).find((l) => mentions(l.text));
  if (err) return `${what}, and its event went to stderr, not stdout:\n  ${clip(err.text)}\nThe event stream goes to stdout.`;
  const total = watch.all('stdout').filter((l) => l.text.trim()).length;
  const others = total
    ? ` Other lines do reach stdout (${total} so far, the last: ${show(clip(watch.all('stdout').filter((l) => l.text.trim()).at(-1)?.text ?? '', 120))}), but none for this.`
    : ' The process has written nothing at all to stdout so far.';
  return `${what}, and no event about it reached stdout, even ${(LIVE_MS + LATE_MS) / 1000} s later.${others}`;
}

// ---------------------------------------------------------------------------
// Watching what a process writes to disk.

/**
 * Private folders for one process (TMPDIR, HOME, LOG_FILE's folder) and their snapshots.
 * @param {string} label
 */
function diskWatch(label) {
  const root = mkdtempSync(path.join(tmpdir(), `tfc-logs-${label}-`));
  const dirs = {
    "your app's folder": learnerDir(),
    'TMPDIR (the temp folder it was given)': path.join(root, 'tmp'),
    'HOME (the home folder it was given)': path.join(root, 'home'),
    "the folder of LOG_FILE": path.join(root, 'var-log'),
  };
  for (const dir of Object.values(dirs).slice(1)) mkdirSync(dir, { recursive: true });
  const snap = () => new Map(Object.entries(dirs).map(([name, dir]) => [name, snapshotTree(dir, { times: true })]));
  const before = snap();
  /** Files seen open for writing (Linux). @type {Set<string>} */
  const heldOpen = new Set();
  /** @type {ReturnType<typeof setInterval> | undefined} */
  let timer;
  return {
    env: { TMPDIR: path.join(root, 'tmp'), HOME: path.join(root, 'home'), LOG_FILE: path.join(root, 'var-log', 'shortlinks.log') },
    /** Looks at the files `app` holds open for writing, every FD_POLL_MS, until changes() is called. @param {import('../_harness/index.mjs').App} app */
    watch(app) {
      const ignore = new Set([app.env.TFC_LISTEN_LOG, app.env.TFC_SPAWN_LOG].filter(Boolean));
      const look = () => {
        if (app.running && app.pid) for (const file of openForWriting(app.pid)) if (!ignore.has(file)) heldOpen.add(file);
      };
      look();
      timer = setInterval(look, FD_POLL_MS);
      timer.unref();
      return look;
    },
    /** What the process wrote, in words (call after it has exited). */
    changes() {
      clearInterval(timer);
      const after = snap();
      /** @type {string[]} */
      const found = [];
      for (const [name, snapshot] of after) {
        const changes = treeChanges(before.get(name) ?? new Map(), snapshot);
        if (changes.length) found.push(`in ${name}: ${changes.slice(0, 6).join(', ')}${changes.length > 6 ? ', …' : ''}`);
      }
      const learner = learnerDir();
      for (const file of heldOpen) found.push(`it held ${file.startsWith(learner) ? path.relative(learner, file) : file} open for writing`);
      return found;
    },
    cleanUp: () => rmSync(root, { recursive: true, force: true }),
  };
}

/** Regular files the process `pid` has open for writing (Linux; elsewhere none). @param {number} pid */
function openForWriting(pid) {
  if (process.platform !== 'linux') return [];
  /** @type {string[]} */
  const files = [];
  let fds;
  try {
    fds = readdirSync(`/proc/${pid}/fd`);
  } catch {
    return files;
  }
  for (const fd of fds) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      if (!target.startsWith('/') || /^\/(dev|proc|sys)\//.test(target)) continue;
      const flags = Number.parseInt(/^flags:\s*([0-7]+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'))?.[1] ?? '0', 8);
      // O_WRONLY (1) or O_RDWR (2).
      if ((flags & 3) !== 0) files.push(target.replace(/ \(deleted\)$/, ''));
    } catch {
      // Closed meanwhile.
    }
  }
  return files;
}

/**
 * Stops `app` the way a platform does: SIGTERM, time to exit, then SIGKILL. Where the
 * runtime cannot send signals it is killed at once (a flush at exit is then not seen).
 * @param {import('../_harness/index.mjs').App} app
 * @param {() => void} [lastLook]
 */
async function stopLikeAPlatform(app, lastLook) {
  if (app.running && (await signalSupport('SIGTERM')).supported) {
    await sendSignal(app, 'SIGTERM').catch(() => {});
    const until = Date.now() + STOP_MS;
    while (app.running && Date.now() < until) {
      lastLook?.();
      await app.waitForExit(FD_POLL_MS);
    }
  }
  await app.stop();
}

/** Runs `fn`; a failure carries the output of the shared `app` (test() attaches only its own apps' output). */
async function withOutputOf(app, fn) {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof LearnerFacingError && !(/** @type {any} */ (err).output) && app) /** @type {any} */ (err).output = app.output().trimEnd() || '(no output)';
    throw err;
  }
}

// ---------------------------------------------------------------------------
// The web process: one run, judged by four checks.

/**
 * @type {{
 *   app?: import('../_harness/index.mjs').App, watch?: ReturnType<typeof watchLines>, disk?: ReturnType<typeof diskWatch>,
 *   look?: () => void, collector?: Awaited<ReturnType<typeof startStub>>, launches?: ReturnType<typeof recordLaunches>,
 *   answered: boolean, finished?: Promise<void>, changes: string[], closers: (() => Promise<void>)[]
 * }}
 */
const web = { answered: false, changes: [], closers: [] };

after(async () => {
  await web.app?.stop();
  await Promise.all(web.closers.map((close) => close().catch(() => {})));
  web.disk?.cleanUp();
});

/** Stops the shared web process (once) and records what it wrote to disk. */
function finishWebRun() {
  web.finished ??= (async () => {
    if (!web.app) return;
    await stopLikeAPlatform(web.app, web.look);
    web.changes = web.disk?.changes() ?? [];
  })();
  return web.finished;
}

/** Fails a check that judges the shared run when that run never got going. */
function needWebRun() {
  if (!web.app || !web.answered) {
    fail({
      observed: 'The web process could not be started and asked for requests (see the first check).',
      expected: 'node server.js starts with PORT, STORE_URL and QUEUE_URL, and answers HTTP on PORT.',
      hint: 'server.js',
    });
  }
}

test('the web process writes one JSON event to stdout for each request, as it answers it', { timeoutMs: 30_000 }, async () => {
  const store = await startKeyValueStub(null, { 'link:12f': JSON.stringify({ url: 'https://12factor.net/', createdAt: '2026-01-01T00:00:00.000Z' }) });
  const queue = await startQueueStub(null);
  const collector = await startStub(null, (_req, send) => send(204));
  web.closers.push(store.close, queue.close, collector.close);
  web.collector = { ...collector, url: `${collector.url}/v1/logs` };
  web.launches = recordLaunches();
  web.disk = diskWatch('web');
  const port = await freePort();
  const app = await startApp(null, {
    command: ['node', ...web.launches.nodeArgs, 'server.js'],
    env: { PORT: String(port), STORE_URL: store.url, QUEUE_URL: queue.url, NODE_ENV: 'production', LOG_COLLECTOR_URL: web.collector.url, ...web.disk.env, ...web.launches.env },
    label: 'node server.js',
  });
  web.app = app;
  const watch = watchLines(app);
  web.watch = watch;
  web.look = web.disk.watch(app);

  await withOutputOf(app, async () => {
    await expectListening(app, port, {
      timeoutMs: READY_MS,
      expected: `the web process listens on port ${port} (PORT) with STORE_URL and QUEUE_URL set.`,
      hint: 'server.js: it must start and call listen() on process.env.PORT.',
    });
    web.answered = true;

    const code = `t${random()}`;
    /** @type {{ method: string, path: string, body?: string }[]} */
    const steps = [
      { method: 'GET', path: '/health' },
      { method: 'POST', path: '/links', body: JSON.stringify({ url: `https://example.com/${code}`, code }) },
      { method: 'GET', path: `/links/${code}` },
      { method: 'GET', path: `/${code}` },
      { method: 'GET', path: `/links/missing-${random()}` },
      { method: 'GET', path: `/${code}` },
      { method: 'GET', path: '/health' },
    ];
    for (const step of steps) {
      const from = watch.lines('stdout').length;
      const fromErr = watch.lines('stderr').length;
      /** @type {Awaited<ReturnType<typeof request>>} */
      let res;
      try {
        res = await request({ port, method: step.method, path: step.path, body: step.body, headers: step.body ? { 'content-type': 'application/json' } : {}, timeoutMs: 5000 });
      } catch (err) {
        return fail({
          observed: /** @type {Error} */ (err).message,
          expected: `the web process answers ${step.method} ${step.path}.`,
          hint: 'server.js: every request must still be handed to the handler from app.js.',
        });
      }
      const doneAt = Date.now();
      const said = `${step.method} ${step.path} was answered with status ${res.status}`;
      /** @param {Record<string, unknown>} event */
      const about = (event) => String(field(event, ['method']) ?? '').toUpperCase() === step.method && field(event, ['path', 'url']) === step.path;
      /** @param {Line} line */
      const match = (line) => {
        const event = parseEvent(line.text);
        return Boolean(event && about(event) && String(field(event, ['status', 'statusCode'])) === String(res.status));
      };
      const found = await waitForLine(watch, from, match, doneAt + LIVE_MS);
      if (found && found.at <= doneAt + LIVE_MS) continue;
      const observed = await explainMissing(watch, {
        from,
        fromErr,
        doneAt,
        what: said,
        mentions: (text) => text.includes(step.path),
        match,
        close: (event) => {
          if (!about(event)) return '';
          const status = field(event, ['status', 'statusCode']);
          return status === undefined ? 'it has no "status"' : `its "status" is ${show(status)}, not ${res.status}`;
        },
      });
      fail({
        observed,
        expected: `each request shows up on the web process's stdout within ${LIVE_MS / 1000} s of its answer, as one line holding one JSON object with "method", "path" and "status" (the status the client got). The platform reads the stream as it flows; an event held back arrives late, or is lost when the process dies.`,
        hint: REQUEST_HINT,
      });
    }
  });
});

test('every line the web process writes to stdout is one JSON event with time, level and msg', { timeoutMs: 15_000 }, async () => {
  needWebRun();
  await finishWebRun();
  const app = /** @type {import('../_harness/index.mjs').App} */ (web.app);
  const lines = web.watch?.all('stdout') ?? [];
  await withOutputOf(app, async () => {
    if (!lines.some((l) => l.text.trim())) {
      const err = (web.watch?.all('stderr') ?? []).filter((l) => l.text.trim());
      fail({
        observed: `The web process started, answered requests and stopped, and wrote nothing to stdout.${err.length ? ` It wrote ${err.length} line(s) to stderr.` : ''}`,
        expected: FORMAT_EXPECTED,
        hint: LOG_HINT,
      });
    }
    const problems = formatProblems(lines);
    if (problems.length) {
      fail({
        observed: `Of the ${lines.filter((l) => l.text.trim()).length} lines your web process wrote to stdout, ${problems.length} ${problems.length === 1 ? 'is' : 'are'} not one whole event:\n${problems.slice(0, 4).map((p) => `- ${p}`).join('\n')}${problems.length > 4 ? '\n- …' : ''}`,
        expected: FORMAT_EXPECTED,
        hint: `${LOG_HINT} Start-up and shutdown messages are events too.`,
      });
    }
  });
});

test('the web process writes no log file (LOG_FILE is ignored)', { timeoutMs: 15_000 }, async () => {
  needWebRun();
  await finishWebRun();
  await withOutputOf(web.app, async () => {
    if (web.changes.length) {
      fail({
        observed: `LOG_FILE was set to ${show(web.disk?.env.LOG_FILE)}. While your web process ran, and when it stopped, it wrote to disk:\n${web.changes.map((c) => `- ${c}`).join('\n')}`,
        expected:
          'the app writes its event stream to stdout and nothing to disk: no log file, no rotation, and LOG_FILE is ignored. Where the stream is stored is decided and managed by the execution environment, not by the app.',
        hint: 'log.js: remove the log file, its folder, the rotation and the LOG_FILE setting.',
      });
    }
  });
});

test('the web process leaves routing to the environment: nothing sent to LOG_COLLECTOR_URL, no log tools started', { timeoutMs: 15_000 }, async () => {
  needWebRun();
  await finishWebRun();
  const sent = web.collector?.requests ?? [];
  await withOutputOf(web.app, async () => {
    if (sent.length) {
      fail({
        observed: `LOG_COLLECTOR_URL was set to ${show(web.collector?.url)}, and your web process sent it ${sent.length} request(s), e.g. ${sent[0]?.method} ${sent[0]?.path} with ${show(clip(sent[0]?.body ?? '', 120))}.`,
        expected:
          'the app never routes its logs: it writes them to stdout, and the execution environment captures the stream and sends it on (a log router such as Logplex or Fluentd, an OpenTelemetry collector). LOG_COLLECTOR_URL is ignored.',
        hint: 'log.js: remove the code that POSTs batches to LOG_COLLECTOR_URL.',
      });
    }
    const launches = web.launches;
    if (!launches?.loaded()) {
      throw new HarnessError('The observer that records the programs your app starts did not run inside it, so this part of the check could not be made.');
    }
    const foreign = launches.list().filter((l) => !isNodeItself(l));
    if (foreign.length) {
      fail({
        observed: `Your web process started other programs: ${foreign.slice(0, 3).map((l) => describeLaunch(l)).join('; ')}.`,
        expected: 'the app starts no log tooling (logrotate, gzip, a shipper): rotating, compressing and shipping logs are the execution environment\'s business.',
        hint: 'log.js (and server.js): remove the code that starts other programs.',
      });
    }
  });
});

// ---------------------------------------------------------------------------
// The worker process, alone.

test('the worker, too, writes one JSON event to stdout for each click it counts, at once, and no log file', { timeoutMs: 30_000 }, async (t) => {
  const store = await startKeyValueStub(t);
  const queue = await startQueueStub(t);
  const collector = await startStub(t, (_req, send) => send(204));
  const disk = diskWatch('worker');
  t.after(() => disk.cleanUp());
  const app = await startApp(t, {
    command: ['node', 'worker.js'],
    env: { STORE_URL: store.url, QUEUE_URL: queue.url, NODE_ENV: 'production', LOG_COLLECTOR_URL: `${collector.url}/v1/logs`, ...disk.env },
    label: 'node worker.js',
  });
  const watch = watchLines(app);
  const look = disk.watch(app);
  const expected = `every process writes its own event stream: the worker writes an event for each click it counts to stdout within ${LIVE_MS / 1000} s of acknowledging the job, one JSON object per line, with time, level, msg and the link's code; nothing goes to a file or to LOG_COLLECTOR_URL.`;

  for (let i = 0; i < 3; i++) {
    const code = `w${random()}`;
    const from = watch.lines('stdout').length;
    const fromErr = watch.lines('stderr').length;
    const job = queue.push(CLICKS_QUEUE, { code, at: new Date().toISOString() });
    // Not judged for speed: the first job waits for the worker to start.
    const until = Date.now() + (i === 0 ? READY_MS : 5000);
    while (job.acks === 0 && app.running && Date.now() < until) await sleep(10);
    if (job.acks === 0) {
      fail({
        observed: `A click job for ${code} waited on the queue at QUEUE_URL, and the worker did not count it (job reserved ${job.reservations} time(s), ${job.state}).${app.running ? '' : ' The worker had exited.'}`,
        expected: 'the worker takes each click job, records the click and acknowledges the job, as before.',
        hint: 'worker.js: keep its loop as it was; only how it logs changes.',
      });
    }
    const ack = queue.requests.find((r) => r.path === `/jobs/${job.id}/ack`);
    const doneAt = ack?.at ?? Date.now();
    /** @param {Line} line */
    const match = (line) => Boolean(parseEvent(line.text) && line.text.includes(code));
    const found = await waitForLine(watch, from, match, doneAt + LIVE_MS);
    if (found && found.at <= doneAt + LIVE_MS) continue;
    fail({
      observed: await explainMissing(watch, { from, fromErr, doneAt, what: `The worker counted a click on ${code} and acknowledged its job`, mentions: (text) => text.includes(code), match }),
      expected,
      hint: `${LOG_HINT} worker.js logs through log.js; keep the link's code in the event.`,
    });
  }

  await stopLikeAPlatform(app, look);
  const problems = formatProblems(watch.all('stdout'));
  if (problems.length) {
    fail({
      observed: `Some lines the worker wrote to stdout are not one whole event:\n${problems.slice(0, 4).map((p) => `- ${p}`).join('\n')}`,
      expected: FORMAT_EXPECTED,
      hint: `${LOG_HINT} Start-up and shutdown messages are events too.`,
    });
  }
  const changes = disk.changes();
  if (changes.length) {
    fail({
      observed: `LOG_FILE was set to ${show(disk.env.LOG_FILE)}. While the worker ran, and when it stopped, it wrote to disk:\n${changes.map((c) => `- ${c}`).join('\n')}`,
      expected,
      hint: 'log.js: remove the log file, the rotation and the LOG_FILE setting.',
    });
  }
  if (collector.requests.length) {
    fail({
      observed: `The worker sent ${collector.requests.length} request(s) to LOG_COLLECTOR_URL (${collector.url}/v1/logs).`,
      expected,
      hint: 'log.js: remove the code that POSTs batches to LOG_COLLECTOR_URL.',
    });
  }
});
