// Starting the learner's app as a real process, and making sure it always dies.
// Every app runs in its own process group (where the platform has them) so that
// stopping it also stops anything it spawned; every app is registered so that the
// end of its check, the end of the file and the exit of this process all kill it.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { learnerDir, nodeVersion, runId } from './env.mjs';
import { HarnessError } from './failures.mjs';
import { OutputBuffer, relativePaths, tidyStackTraces } from './output.mjs';
import { canWatchSockets, listeningSockets } from './sockets.mjs';
import { killGroup, killTree } from './sweep.mjs';

/** How often a running app's listening sockets are looked at from outside (sockets.mjs). */
const SOCKET_WATCH_MS = 150;

export { killGroup, killTree };

const isWindows = process.platform === 'win32';
const observerUrl = pathToFileURL(fileURLToPath(new URL('./listen-observer.mjs', import.meta.url))).href;

/** Every app that may still be running (or a `{ pid }` placeholder while it is being started). */
/** @type {Set<{ pid: number | undefined }>} */
const live = new Set();
let scratchDir = '';

/** Where listen logs go: inside the run's folder when run.mjs says so (removed with it), else the OS temp folder. */
function scratch() {
  if (!scratchDir) scratchDir = mkdtempSync(path.join(process.env.TFC_SCRATCH_DIR || tmpdir(), 'tfc-harness-'));
  return scratchDir;
}

/**
 * Sends a signal to a process group and, failing that, to the process itself.
 * Returns false when neither exists.
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} signal
 * @param {{ groupOnly?: boolean }} [options] groupOnly: after the leader has exited its pid may be reused, so only the group is safe to signal
 */
export function killAllApps() {
  for (const app of live) killTree(app.pid);
  live.clear();
}

process.once('exit', () => {
  killAllApps();
  if (scratchDir) rmSync(scratchDir, { recursive: true, force: true });
});
for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) {
  try {
    process.once(signal, () => {
      killAllApps();
      process.exit(130);
    });
  } catch {
    // Runtimes without this signal.
  }
}

/**
 * @typedef {object} ExitStatus
 * @property {number | null} code
 * @property {NodeJS.Signals | null} signal
 */

/**
 * @typedef {object} ListenEvent
 * @property {'loaded' | 'listen-called' | 'listening' | 'error'} event
 * @property {number} pid
 * @property {number} t          Date.now() when it happened
 * @property {number} [port]
 * @property {string} [address]
 * @property {string} [pipe]     set when the app listened on a socket file instead of a TCP port
 * @property {string} [code]     error code, e.g. EADDRINUSE
 * @property {string} [message]
 * @property {unknown[]} [args]
 * @property {'kernel'} [seenBy]  set on a 'listening' event the observer did not report, seen in the kernel's socket table
 */

/**
 * @typedef {object} StartOptions
 * @property {string[]} command            e.g. ['node', 'server.js']; 'node' means this Node binary
 * @property {Record<string, string | undefined>} [env]  the app's environment (plus PATH and TFC_* markers only)
 * @property {string} [cwd]                default: the learner's folder
 * @property {string} [label]              how failure messages name this process
 * @property {number} [maxOutputBytes]     characters kept from the output (half head, half tail)
 * @property {boolean} [observeListen]     preload the listen observer (default: true for node commands)
 */

export class App {
  /**
   * @param {import('node:child_process').ChildProcess} child
   * @param {{ label: string, command: string[], env: Record<string, string>, cwd: string, listenLog: string, maxOutputBytes: number }} info
   */
  constructor(child, info) {
    this.child = child;
    this.pid = child.pid;
    this.label = info.label;
    this.command = info.command;
    this.env = info.env;
    this.cwd = info.cwd;
    this.listenLog = info.listenLog;
    this.startedAt = Date.now();
    /** @type {ExitStatus | null} */
    this.exitStatus = null;
    const half = Math.floor(info.maxOutputBytes / 2);
    this.combined = new OutputBuffer({ head: half, tail: half });
    this.out = new OutputBuffer({ head: half, tail: half });
    this.err = new OutputBuffer({ head: half, tail: half });
    /** Recent output kept for pattern searches, independent of the display caps. */
    this.window = { stdout: '', stderr: '', both: '' };
    /** @type {{ pattern: string | RegExp, stream: 'stdout' | 'stderr' | 'both', resolve: (m: string | null) => void }[]} */
    this.waiters = [];

    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk) => this.#onData('stdout', chunk));
    child.stderr?.on('data', (chunk) => this.#onData('stderr', chunk));
    /** TCP listeners of the app's process tree seen from outside, by port, with when they were first seen. */
    /** @type {Map<number, { port: number, address: string, t: number }>} */
    this.sockets = new Map();
    const socketWatch = canWatchSockets ? setInterval(() => this.#watchSockets(), SOCKET_WATCH_MS) : undefined;
    socketWatch?.unref();
    /** @type {Promise<ExitStatus>} */
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        clearInterval(socketWatch);
        this.exitStatus = { code, signal };
        live.delete(this);
        // Kill whatever the app left behind in its group.
        killGroup(this.pid, 'SIGKILL', { groupOnly: true });
        // Let the pipes drain so the last words (a stack trace) are captured.
        setTimeout(() => {
          for (const w of this.waiters.splice(0)) w.resolve(null);
          resolve(this.exitStatus ?? { code, signal });
        }, 20);
      });
    });
  }

  #watchSockets() {
    if (this.exitStatus) return;
    for (const socket of listeningSockets(this.pid)) {
      if (!this.sockets.has(socket.port)) this.sockets.set(socket.port, { ...socket, t: Date.now() });
    }
  }

  /** @param {'stdout' | 'stderr'} stream @param {string} chunk */
  #onData(stream, chunk) {
    (stream === 'stdout' ? this.out : this.err).append(chunk);
    this.combined.append(chunk);
    const LIMIT = 256 * 1024;
    for (const key of /** @type {const} */ ([stream, 'both'])) {
      const next = this.window[key] + chunk;
      this.window[key] = next.length > LIMIT ? next.slice(next.length - LIMIT) : next;
    }
    if (!this.waiters.length) return;
    for (const waiter of [...this.waiters]) {
      if (waiter.stream !== 'both' && waiter.stream !== stream) continue;
      const text = this.window[waiter.stream];
      const recent = text.slice(Math.max(0, text.length - chunk.length - 4096));
      const match = findIn(recent, waiter.pattern);
      if (match !== null) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(match);
      }
    }
  }

  get running() {
    return this.exitStatus === null;
  }

  /** Combined stdout + stderr as the learner would see it in a terminal (capped, paths made relative). */
  output() {
    return tidyStackTraces(relativePaths(this.combined.toString(), this.cwd));
  }
  stdout() {
    return relativePaths(this.out.toString(), this.cwd);
  }
  stderr() {
    return tidyStackTraces(relativePaths(this.err.toString(), this.cwd));
  }

  /**
   * Resolves with the exit status, or null if the app is still running after `timeoutMs`.
   * @param {number} timeoutMs
   * @returns {Promise<ExitStatus | null>}
   */
  async waitForExit(timeoutMs) {
    if (this.exitStatus) return this.exitStatus;
    let timer;
    const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(null), timeoutMs)));
    try {
      return /** @type {ExitStatus | null} */ (await Promise.race([this.exited, timeout]));
    } finally {
      clearTimeout(timer);
    }
  }

  /**
   * Waits until the app prints something matching `pattern`. Resolves with the matched
   * text, or null on timeout or when the app exits first.
   * @param {string | RegExp} pattern
   * @param {{ timeoutMs?: number, stream?: 'stdout' | 'stderr' | 'both' }} [options]
   * @returns {Promise<string | null>}
   */
  waitForOutput(pattern, { timeoutMs = 5000, stream = 'both' } = {}) {
    const already = findIn(this.window[stream], pattern);
    if (already !== null) return Promise.resolve(already);
    if (!this.running) return Promise.resolve(null);
    return new Promise((resolve) => {
      const waiter = {
        pattern,
        stream,
        /** @param {string | null} m */
        resolve: (m) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        const i = this.waiters.indexOf(waiter);
        if (i >= 0) this.waiters.splice(i, 1);
        resolve(null);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /**
   * What the listen observer saw: ports bound, listen() calls, listen errors;
   * plus, on Linux, TCP listeners of the app's process tree that the kernel
   * showed and the observer did not report (`seenBy: 'kernel'`). Without the
   * observer (see observerLoaded()), only those.
   * @returns {ListenEvent[]}
   */
  listenEvents() {
    /** @type {ListenEvent[]} */
    const events = [];
    let text = '';
    try {
      text = this.listenLog ? readFileSync(this.listenLog, 'utf8') : '';
    } catch {
      // not written yet
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        events.push(JSON.parse(line));
      } catch {
        // A line cut short by a crash: ignore.
      }
    }
    // The observer runs inside learner code, which could silence it: listeners the
    // kernel shows that it did not report are added (Linux).
    this.#watchSockets();
    const reported = new Set(events.filter((e) => e.event === 'listening').map((e) => e.port));
    for (const socket of this.sockets.values()) {
      if (!reported.has(socket.port)) events.push({ event: 'listening', pid: this.pid ?? 0, t: socket.t, port: socket.port, address: socket.address, seenBy: 'kernel' });
    }
    return events;
  }

  /** TCP ports (and socket files) the app is or was listening on. */
  listening() {
    return this.listenEvents().filter((e) => e.event === 'listening');
  }

  /** Whether the listen observer runs inside the app (false: only black-box probing is possible). */
  observerLoaded() {
    return this.listenEvents().some((e) => e.event === 'loaded');
  }

  /**
   * What the app is doing with listen(), from the observer: `pending`, how many
   * listen() calls have neither bound nor failed yet (e.g. a host name still being
   * looked up); `lastAt`, when it last called listen(), bound a port or failed to
   * (Date.now() ms, null if never). Tells apart "still setting up" and "done listening".
   * @param {ListenEvent[]} [events]  default: read them now
   */
  listenActivity(events = this.listenEvents()) {
    let calls = 0;
    let settled = 0;
    /** @type {number | null} */
    let lastAt = null;
    for (const e of events) {
      if (e.event === 'listen-called') calls++;
      else if (e.event === 'listening' || e.event === 'error') settled++;
      else continue;
      lastAt = Math.max(lastAt ?? 0, e.t);
    }
    return { pending: Math.max(0, calls - settled), lastAt };
  }

  /**
   * CPU seconds the app's main process has used (Linux only, else null). Lets a
   * message say "it is busy all the time" for an endless loop instead of guessing.
   */
  cpuSeconds() {
    if (process.platform !== 'linux' || !this.pid || !this.running) return null;
    try {
      const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      // utime and stime are fields 14 and 15 of /proc/<pid>/stat (11 and 12 after the name), in clock ticks (100 per second on Linux).
      return (Number(fields[11]) + Number(fields[12])) / 100;
    } catch {
      return null;
    }
  }

  /**
   * Seconds the app's main thread spent running or ready to run (waiting for a
   * CPU), Linux only, else null. A loop wants the CPU all the time even when a
   * loaded machine gives it little; an app waiting for I/O wants almost none.
   */
  cpuDemandSeconds() {
    if (process.platform !== 'linux' || !this.pid || !this.running) return null;
    try {
      const [running = 0, waiting = 0] = readFileSync(`/proc/${this.pid}/schedstat`, 'utf8').trim().split(/\s+/).map(Number);
      return (running + waiting) / 1e9;
    } catch {
      return this.cpuSeconds();
    }
  }

  /** Stops the app and everything in its process group at once (SIGKILL), and waits for it. */
  async stop() {
    live.delete(this);
    if (this.running) {
      killTree(this.pid);
      await this.waitForExit(3000);
    }
  }
}

/** @param {string} text @param {string | RegExp} pattern */
function findIn(text, pattern) {
  if (typeof pattern === 'string') return text.includes(pattern) ? pattern : null;
  const m = pattern.exec(text);
  return m ? m[0] : null;
}

/**
 * Starts the learner's app. Pass the test context `t` so the app is killed when the
 * check ends (pass null for an app shared by several checks: it is killed when the
 * test file ends). Resolves once the process exists; use waitForPort() to wait for it to listen.
 * @param {import('node:test').TestContext | null} t
 * @param {StartOptions} options
 * @returns {Promise<App>}
 */
export async function startApp(t, options) {
  const cwd = options.cwd ?? learnerDir();
  const [program, ...args] = options.command;
  if (!program) throw new HarnessError('startApp() needs a command, e.g. ["node", "server.js"].');
  const isNode = program === 'node';
  const observe = (options.observeListen ?? isNode) && isNode && listenObserverSupported();
  const listenLog = observe ? path.join(scratch(), `listen-${process.pid}-${live.size}-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`) : '';
  const argv = isNode ? [...(observe ? [`--import=${observerUrl}`] : []), ...args] : args;

  /** @type {Record<string, string>} */
  const env = {};
  if (process.env.PATH) env.PATH = process.env.PATH;
  if (isWindows && process.env.SystemRoot) env.SystemRoot = process.env.SystemRoot;
  for (const [key, value] of Object.entries(options.env ?? {})) if (value !== undefined) env[key] = value;
  if (runId()) env.TFC_RUN_ID = runId();
  if (listenLog) env.TFC_LISTEN_LOG = listenLog;

  const child = spawn(isNode ? process.execPath : program, argv, {
    cwd,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: !isWindows,
    windowsHide: true,
  });
  // Registered at once: an exit during the await below must still kill it.
  const placeholder = { pid: child.pid };
  live.add(placeholder);
  try {
    await new Promise((resolve, reject) => {
      child.once('spawn', resolve);
      child.once('error', (err) =>
        reject(new HarnessError(`Could not start ${options.command.join(' ')}: ${err.message}`)),
      );
    });
  } finally {
    live.delete(placeholder);
  }
  const app = new App(child, {
    label: options.label ?? options.command.join(' '),
    command: options.command,
    env,
    cwd,
    listenLog,
    maxOutputBytes: options.maxOutputBytes ?? 64 * 1024,
  });
  live.add(app);
  registerWithTest(t, app);
  return app;
}

/**
 * Whether apps started with `node` get the listen observer (it needs `node --import`,
 * Node 20.6+). Without it, which ports an app binds can only be probed from outside.
 */
export function listenObserverSupported() {
  const [major, minor] = nodeVersion();
  return major > 20 || (major === 20 && minor >= 6);
}

/** @type {WeakMap<object, Set<App>>} apps started within each check (see test.mjs) */
export const appsByTest = new WeakMap();

/** @param {import('node:test').TestContext | null} t @param {App} app */
function registerWithTest(t, app) {
  if (!t) return;
  let apps = appsByTest.get(t);
  if (!apps) {
    apps = new Set();
    appsByTest.set(t, apps);
    // Checks written with plain node:test still get their apps killed.
    if (typeof t.after === 'function') t.after(() => stopApps(t));
  }
  apps.add(app);
}

/** Stops every app started within check `t`. @param {object} t */
export async function stopApps(t) {
  const apps = appsByTest.get(t);
  if (!apps) return;
  await Promise.all([...apps].map((app) => app.stop()));
}

/** @param {object} t */
export function appsOf(t) {
  return [...(appsByTest.get(t) ?? [])];
}
