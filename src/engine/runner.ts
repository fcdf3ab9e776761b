/**
 * Running hidden tests and learner apps as real Node processes (the CLI, the
 * course server's local runtime, `npm run verify`). Each run gets a fresh temp
 * folder laid out as docs/architecture.md describes:
 *
 *   <root>/learner/...          the learner's files
 *   <root>/hidden/_harness/...  exercises/_harness
 *   <root>/hidden/tests/...     exercises/<id>/tests
 *
 * and `node hidden/_harness/run.mjs` in its own process group. Whatever happens,
 * every process the run started is killed (group kill, then a sweep for the
 * run's TFC_RUN_ID marker) and the folder is removed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { loadExercise, type Exercise, type FileTree } from './exercises.ts';
import { buildLearnerTree } from './learner-files.ts';
import { descendantsOf, freePort, isWindows, killGroup, killTree, minimalEnv, sweepMarkedProcesses } from './processes.ts';
import { errorResults, type Results } from './results.ts';
import { DEFAULT_CONTAINMENT, wrapCommand, type ContainmentSettings } from './sandbox.ts';
import { KEY_FLAG, createVerdictReader, newKey } from './verdict.ts';

export interface RunLimits {
  /** Whole run (tests) or lifetime (app), in ms. Default: the exercise's timeoutMs (tests), none (app). */
  timeoutMs?: number;
  /** Output accepted before the run is stopped. Default 1 MB. */
  maxOutputBytes?: number;
}

export interface RunOptions {
  exerciseId: string;
  /** The learner's files (relative path → content); see buildLearnerTree for the rules. */
  files: FileTree;
  limits?: RunLimits;
  /** Progress log as it is printed (the terminal panel shows it). */
  onOutput?: (chunk: string) => void;
  /** Abort to stop the run: its processes are killed and the promise rejects with an AbortError. */
  signal?: AbortSignal;
  /** ANSI colours in the progress log. */
  color?: boolean;
  /** The exercises folder (tests use fixtures). */
  exercisesDir?: string;
  /** Sandbox settings (sandbox.ts); default: sandbox where the platform allows it. */
  containment?: ContainmentSettings;
}

export interface StartedApp {
  /** The port given to the app (its "auto" env values). */
  port: number;
  /** Stops the app (SIGTERM, then SIGKILL after 2 s) and removes its folder. */
  stop(): Promise<void>;
  /** Exit code, or null when it was ended by a signal. Resolves after clean-up. */
  exited: Promise<number | null>;
  /** True once the app accepts connections on `port`; false if it exits first or within 10 s does not. */
  ready: Promise<boolean>;
}

export const DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
/** Extra time run.mjs gets past its own deadline to write results before it is killed. */
const GRACE_MS = 2000;

/** Writes a tree under `dir`, creating folders. Paths are validated before they get here. */
async function writeTree(dir: string, tree: FileTree): Promise<void> {
  for (const [rel, content] of Object.entries(tree)) {
    const full = path.join(dir, ...rel.split('/'));
    if (!full.startsWith(dir + path.sep)) throw new Error(`refusing to write outside ${dir}: ${rel}`);
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
}

async function removeFolder(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 }).catch(() => undefined);
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException('The run was cancelled.', 'AbortError');
}

function spawnInGroup(command: string, args: string[], cwd: string, env: Record<string, string>, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  return spawn(command, args, { cwd, env, stdio: [stdin, 'pipe', 'pipe'], detached: !isWindows, windowsHide: true });
}

/** Lays out learner/ (and optionally hidden/) for one run. */
async function layOut(exercise: Exercise, files: FileTree, withHidden: boolean): Promise<string> {
  const { tree } = buildLearnerTree(exercise, exercise.starter, files);
  const root = await mkdtemp(path.join(tmpdir(), 'tfc-run-'));
  try {
    await writeTree(path.join(root, 'learner'), tree);
    await mkdir(path.join(root, 'learner'), { recursive: true });
    if (withHidden) {
      await writeTree(path.join(root, 'hidden', '_harness'), exercise.harness);
      await writeTree(path.join(root, 'hidden', 'tests'), exercise.tests);
    }
  } catch (err) {
    await removeFolder(root);
    throw err;
  }
  return root;
}

/**
 * Runs an exercise's hidden tests against the learner's files and returns the
 * results document. Never hangs: time and output limits stop the run and report
 * it as `error` in plain words. Throws UnknownExerciseError, InvalidPathError,
 * LearnerFilesError before anything runs, and an AbortError when `signal` aborts.
 */
export async function runHiddenTests(options: RunOptions): Promise<Results> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const exercise = await loadExercise(options.exerciseId, options.exercisesDir ? { root: options.exercisesDir } : {});
  const timeoutMs = options.limits?.timeoutMs ?? exercise.timeoutMs;
  const maxOutputBytes = options.limits?.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const root = await layOut(exercise, options.files, true);
  const runId = randomUUID();
  const learnerDir = path.join(root, 'learner');
  // No results.json: the verdict comes signed on stdout (verdict.ts).
  const key = newKey();
  const verdict = createVerdictReader(key);
  // The run's own temp files (the harness's scratch space) live in the run folder, removed with it.
  const runTmp = path.join(root, 'tmp');
  await mkdir(runTmp);
  const sandboxed = wrapCommand(process.execPath, [path.join(root, 'hidden', '_harness', 'run.mjs')], {
    readable: [root],
    writable: [learnerDir, runTmp],
    cwd: root,
    network: 'loopback',
    name: `tfc-run-${runId}`,
    settings: options.containment ?? DEFAULT_CONTAINMENT,
  });
  const child = spawnInGroup(
    sandboxed.command,
    sandboxed.args,
    root,
    minimalEnv({
      TFC_LEARNER_DIR: learnerDir,
      TFC_TIMEOUT_MS: String(timeoutMs),
      TFC_MAX_OUTPUT_BYTES: String(maxOutputBytes),
      TFC_RUN_ID: runId,
      TFC_SWEEP_CWD: '1',
      TMPDIR: runTmp,
      TEMP: runTmp,
      TMP: runTmp,
      [KEY_FLAG]: '1',
      ...(options.color ? { TFC_COLOR: '1' } : {}),
    }),
    'pipe',
  );
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(`${key}\n`);

  // Set from callbacks; the cast keeps TypeScript from narrowing it to '' below.
  let stopped = '' as '' | 'timeout' | 'output' | 'aborted';
  let bytes = 0;
  let tail = '';
  const stop = (why: typeof stopped) => {
    if (stopped) return;
    stopped = why;
    killTree(child.pid);
    sweepMarkedProcesses(runId, learnerDir);
  };
  const forward = (decoder: StringDecoder, filter: (text: string) => string) => (data: Buffer) => {
    if (stopped) return;
    bytes += data.length;
    if (bytes > maxOutputBytes) return stop('output');
    const text = filter(decoder.write(data));
    tail = (tail + text).slice(-4000);
    if (text) options.onOutput?.(text);
  };
  child.stdout?.on('data', forward(new StringDecoder('utf8'), (text) => verdict.push(text)));
  child.stderr?.on('data', forward(new StringDecoder('utf8'), (text) => text));
  const timer = setTimeout(() => stop('timeout'), timeoutMs + GRACE_MS);
  const onAbort = () => stop('aborted');
  signal?.addEventListener('abort', onAbort, { once: true });

  try {
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
      child.once('error', () => resolve({ code: null, signal: null }));
      child.once('close', (code, signal) => resolve({ code, signal }));
      // A stray process holding the output pipe must not keep the run open.
      child.once('exit', (code, signal) => setTimeout(() => resolve({ code, signal }), 500).unref());
    });
    const rest = verdict.flush();
    if (rest && !stopped) options.onOutput?.(rest);
    if (stopped === 'aborted' && signal) throw abortError(signal);
    // Problems run.mjs could not report itself are also printed, so every consumer's log shows them.
    const failed = (message: string): Results => {
      options.onOutput?.(`\n${message}\n`);
      return errorResults(message);
    };
    if (stopped === 'timeout') {
      return failed(`The checks took longer than ${timeoutMs / 1000} s and were stopped. Look for something in your code that never finishes (an endless loop, a request that never gets an answer).`);
    }
    if (stopped === 'output') {
      return failed(`The checks printed more than ${Math.round(maxOutputBytes / 1024)} KB of output and were stopped. Something probably prints in a loop.`);
    }
    const results = await verdict.verdict(exit, (detail) => {
      const message =
        `No trustworthy result: ${detail}. If your code stops or signals other processes, writes outside its folder, ` +
        `or touches the checks' output, remove that; otherwise this is most likely a problem in the course.` +
        (tail.trim() ? `\n\nLast output:\n${tail.trim()}` : '');
      options.onOutput?.(`\n${message}\n`);
      return message;
    });
    return results;
  } finally {
    clearTimeout(timer);
    signal?.removeEventListener('abort', onAbort);
    // run.mjs has exited: whatever is left in its group goes (its pid itself may be reused by now).
    killGroup(child.pid, 'SIGKILL', { groupOnly: true });
    sweepMarkedProcesses(runId, learnerDir);
    await sandboxed.release();
    await removeFolder(root);
  }
}

/** Whether something accepts TCP connections on `port` on a loopback address. */
function canConnect(port: number): Promise<boolean> {
  const attempt = (host: string) =>
    new Promise<boolean>((resolve) => {
      const socket = net.connect({ host, port });
      const done = (ok: boolean) => {
        socket.destroy();
        resolve(ok);
      };
      socket.setTimeout(500, () => done(false));
      socket.once('connect', () => done(true));
      socket.once('error', () => done(false));
    });
  return attempt('127.0.0.1').then((ok) => ok || attempt('::1'));
}

/**
 * Starts the learner's app ("Run app") from the exercise's `app` settings, with
 * "auto" env values replaced by a free port. Output streams through onOutput;
 * limits.timeoutMs (if given) is its maximum lifetime; exceeding
 * limits.maxOutputBytes stops it with a notice.
 */
export async function startApp(options: RunOptions): Promise<StartedApp> {
  const { signal } = options;
  if (signal?.aborted) throw abortError(signal);
  const exercise = await loadExercise(options.exerciseId, options.exercisesDir ? { root: options.exercisesDir } : {});
  if (!exercise.app) throw new Error(`Exercise ${exercise.id} has no app to run (no "app" in its exercise.json).`);
  const maxOutputBytes = options.limits?.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
  const root = await layOut(exercise, options.files, false);
  const port = await freePort();
  const runId = randomUUID();
  const learnerDir = path.join(root, 'learner');
  const appEnv = Object.fromEntries(Object.entries(exercise.app.env).map(([k, v]) => [k, v === 'auto' ? String(port) : v]));
  const [program = 'node', ...args] = exercise.app.command;
  // The app's own temp folder, removed with the run folder (with the sandbox, /tmp itself is private too).
  const appTmp = path.join(root, 'tmp');
  await mkdir(appTmp);
  // The host's network: the course server proxies the page's requests to the app's port.
  const sandboxed = wrapCommand(program === 'node' ? process.execPath : program, args, {
    readable: [root],
    writable: [learnerDir, appTmp],
    cwd: learnerDir,
    network: 'host',
    name: `tfc-app-${runId}`,
    settings: options.containment ?? DEFAULT_CONTAINMENT,
  });
  const child = spawnInGroup(sandboxed.command, sandboxed.args, learnerDir, minimalEnv({ ...appEnv, TFC_RUN_ID: runId, TMPDIR: appTmp, TEMP: appTmp, TMP: appTmp }));

  let bytes = 0;
  let stopping: Promise<void> | null = null;
  let exitedCode: number | null | undefined;
  const exitedRaw = new Promise<number | null>((resolve) => {
    child.once('error', (err) => {
      options.onOutput?.(`Could not start ${exercise.app?.command.join(' ')}: ${err.message}\n`);
      resolve(null);
    });
    child.once('exit', (code) => resolve(code));
  }).then((code) => {
    exitedCode = code;
    return code;
  });
  const forward = (decoder: StringDecoder) => (data: Buffer) => {
    bytes += data.length;
    if (bytes > maxOutputBytes) {
      if (!stopping) {
        options.onOutput?.(`\n[The app printed more than ${Math.round(maxOutputBytes / 1024)} KB of output and was stopped.]\n`);
        void stop();
      }
      return;
    }
    options.onOutput?.(decoder.write(data));
  };
  child.stdout?.on('data', forward(new StringDecoder('utf8')));
  child.stderr?.on('data', forward(new StringDecoder('utf8')));

  const cleanUp = async () => {
    // The app has exited: its group may linger, its pid may already be someone else's.
    killGroup(child.pid, 'SIGKILL', { groupOnly: true });
    sweepMarkedProcesses(runId, learnerDir);
    await sandboxed.release();
    await removeFolder(root);
  };
  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      if (exitedCode === undefined) {
        const descendants = descendantsOf(child.pid);
        killGroup(child.pid, 'SIGTERM');
        const timer = setTimeout(() => killTree(child.pid), 2000);
        await exitedRaw;
        clearTimeout(timer);
        // Whatever the app started and left behind.
        for (const pid of descendants) killGroup(pid, 'SIGKILL');
      }
      await cleanUp();
    })();
    return stopping;
  };
  // An app that ends by itself is cleaned up too.
  const exited = exitedRaw.then(async (code) => {
    await stop();
    return code;
  });

  const lifetime = options.limits?.timeoutMs;
  const lifetimeTimer = lifetime ? setTimeout(() => void stop(), lifetime) : undefined;
  lifetimeTimer?.unref();
  signal?.addEventListener('abort', () => void stop(), { once: true });
  void exited.then(() => clearTimeout(lifetimeTimer));

  const ready = (async () => {
    const until = Date.now() + 10_000;
    while (Date.now() < until && exitedCode === undefined) {
      if (await canConnect(port)) return true;
      await new Promise((r) => setTimeout(r, 100));
    }
    return false;
  })();

  return { port, stop, exited, ready };
}
