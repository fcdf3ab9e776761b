/**
 * The in-browser runtime: a WebContainer (StackBlitz) runs Node inside the page.
 *
 * Known behaviour this module defends against (DESIGN.md, "Runtimes"):
 * - it loads its runtime from StackBlitz hosts; `boot()` hangs forever when
 *   they are unreachable → boot is raced against a timeout with visible
 *   status ("still connecting" after `slowMs`, failure after `failMs`);
 * - only one WebContainer may exist per page → one module-level boot;
 * - `kill()` of a busy-looping process may not work → a watchdog tears the
 *   container down after the time limit and the next run boots a fresh one;
 * - output is a PTY stream with ANSI codes → passed through raw (the terminal
 *   renders it), stripped where plain text is needed.
 *
 * The `@webcontainer/api` module is injected (`loadApi`) so tests can use a fake.
 */
import { newBrowserKey, webVerifier } from './hmac.ts';
import { createVerdictReader } from './verdict-reader.ts';
import type { Results } from '../engine/results.ts';
import type { ExerciseBundle } from './bundle.ts';
import { stripAnsi } from './ansi.ts';
import { toTree, type Tree } from './tree.ts';
import {
  RuntimeError,
  type AppHandle,
  type AppRequest,
  type AppResponse,
  type LearnerFiles,
  type OutputListener,
  type Runtime,
  type StatusListener,
} from './types.ts';

/** The part of `@webcontainer/api` this module uses. */
export interface WebContainerProcessLike {
  exit: Promise<number>;
  output: ReadableStream<string>;
  kill(): void;
}
export interface WebContainerLike {
  readonly workdir: string;
  fs: {
    readFile(path: string, encoding: 'utf-8'): Promise<string>;
    writeFile(path: string, data: string): Promise<void>;
    mkdir(path: string, options: { recursive: true }): Promise<string>;
    rm(path: string, options?: { force?: boolean; recursive?: boolean }): Promise<void>;
  };
  mount(tree: Tree, options?: { mountPoint?: string }): Promise<void>;
  spawn(command: string, args: string[], options?: { cwd?: string; env?: Record<string, string>; output?: boolean; terminal?: { cols: number; rows: number } }): Promise<WebContainerProcessLike>;
  on(event: 'port', listener: (port: number, type: 'open' | 'close', url: string) => void): () => void;
  teardown(): void;
}
export interface WebContainerApiLike {
  WebContainer: { boot(options: { coep?: 'require-corp' | 'credentialless' | 'none'; workdirName?: string }): Promise<WebContainerLike> };
  auth: { init(options: { clientId: string; scope: string }): unknown };
}

export interface WebContainerRuntimeOptions {
  bundle: ExerciseBundle;
  coep: 'credentialless' | 'require-corp';
  /** StackBlitz licence key (WEBCONTAINER_CLIENT_ID); passed to `auth.init` when set. */
  clientId?: string | undefined;
  loadApi?: () => Promise<WebContainerApiLike>;
  /** Say "still connecting" after this long (default 10 s). */
  slowMs?: number;
  /** Give up booting after this long (default 30 s). */
  failMs?: number;
  /**
   * Whether StackBlitz's servers can be reached at all; false ends the boot at
   * once (a DNS failure or a blocked host answers in milliseconds, not 30 s).
   * Default: a no-cors request to the WebContainer host (see reachStackBlitz).
   */
  reachable?: () => Promise<boolean>;
  /** Extra time the watchdog allows beyond the exercise's timeoutMs (default 5 s). */
  graceMs?: number;
}

const defaultLoadApi = async () => (await import('@webcontainer/api')) as unknown as WebContainerApiLike;

// One WebContainer per page: the boot is shared by every runtime object.
interface BootEntry {
  promise: Promise<WebContainerLike>;
  instance: WebContainerLike | null;
}
let current: BootEntry | null = null;
const isCurrent = (entry: BootEntry) => current === entry;
let authInitialised = false;

/** For tests: forget the page-wide WebContainer. */
export function resetWebContainerForTests(): void {
  current = null;
  authInitialised = false;
}

/** Where the run's key waits for run.mjs (relative to the WebContainer's workdir). */
const KEY_FILE = '.tfc-run-key';

const RESULT_MARK = '@@tfc-response@@';
// Runs inside the WebContainer: makes one HTTP request to the learner's app and prints the response as JSON.
const REQUEST_SCRIPT = `
const r = JSON.parse(process.env.TFC_REQUEST);
try {
  const res = await fetch(r.url, { method: r.method, headers: r.headers, body: r.body === undefined || r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body, signal: AbortSignal.timeout(10000) });
  const body = await res.text();
  console.log(${JSON.stringify(RESULT_MARK)} + JSON.stringify({ status: res.status, headers: Object.fromEntries(res.headers), body: body.slice(0, 100000) }));
} catch (e) {
  console.log(${JSON.stringify(RESULT_MARK)} + JSON.stringify({ error: String(e && e.cause ? e.cause.message || e.cause.code || e.cause : e && e.message) }));
}
`;

/** Where WebContainer loads its runtime from (@webcontainer/api's default editor origin). */
export const STACKBLITZ_HOST = 'https://stackblitz.com/headless';

/**
 * False when a request to StackBlitz fails outright (no DNS, a blocked host, no
 * network). A slow answer counts as reachable: the boot's own time limit judges
 * it. Under COEP require-corp a no-cors probe is blocked whatever the network
 * does, so it gives no verdict there (true).
 */
export async function reachStackBlitz(coep: string, doFetch: typeof fetch = globalThis.fetch.bind(globalThis)): Promise<boolean> {
  if (coep !== 'credentialless') return true;
  try {
    await doFetch(STACKBLITZ_HOST, { mode: 'no-cors', cache: 'no-store', credentials: 'omit', signal: AbortSignal.timeout(8000) });
    return true;
  } catch (error) {
    return (error as Error)?.name === 'TimeoutError';
  }
}

function unreachableError(): RuntimeError {
  return new RuntimeError(
    "The in-browser runtime (WebContainer) cannot start: this browser cannot reach StackBlitz's servers (stackblitz.com), which it loads from. " +
      'Check the network connection, a proxy or a firewall that blocks them, then try again. You can still run the tests from the command line (see below).',
  );
}

function timeoutError(seconds: number): RuntimeError {
  return new RuntimeError(
    `The in-browser runtime (WebContainer) did not start within ${seconds} seconds. It loads from StackBlitz's servers, so it needs a network connection that reaches them. ` +
      'You can still run the tests from the command line (see below).',
  );
}

export function createWebContainerRuntime(options: WebContainerRuntimeOptions): Runtime {
  const { bundle } = options;
  const loadApi = options.loadApi ?? defaultLoadApi;
  const slowMs = options.slowMs ?? 10_000;
  const failMs = options.failMs ?? 30_000;
  const graceMs = options.graceMs ?? 5_000;
  const processes = new Set<WebContainerProcessLike>();
  let nextPort = 4500;

  async function boot(onStatus: StatusListener): Promise<WebContainerLike> {
    if (current?.instance) return current.instance;
    onStatus({ state: 'connecting', message: 'Starting the in-browser runtime (WebContainer)…' });
    if (!current) {
      // Set synchronously, so a second caller shares this boot instead of starting another.
      const entry: BootEntry = { instance: null, promise: Promise.resolve(null as never) };
      entry.promise = (async () => {
        const api = await loadApi();
        if (options.clientId && !authInitialised) {
          api.auth.init({ clientId: options.clientId, scope: '' });
          authInitialised = true;
        }
        const wc = await api.WebContainer.boot({ coep: options.coep, workdirName: 'tfc' });
        if (!isCurrent(entry)) {
          // Booted after we gave up on it: release it so a later attempt can boot again.
          wc.teardown();
          throw new RuntimeError('The in-browser runtime started too late and was stopped.');
        }
        entry.instance = wc;
        return wc;
      })();
      entry.promise.catch(() => undefined);
      current = entry;
    }
    const entry = current;
    const slow = setTimeout(
      () => onStatus({ state: 'slow', message: 'Still connecting to the in-browser runtime… it loads from StackBlitz and needs the network.' }),
      slowMs,
    );
    let fail: ReturnType<typeof setTimeout> | undefined;
    const gaveUp = new Promise<never>((_, reject) => {
      fail = setTimeout(() => reject(timeoutError(Math.round(failMs / 1000))), failMs);
    });
    const reachable = options.reachable ?? (() => reachStackBlitz(options.coep));
    // Never settles when the servers answer: only "unreachable" ends the race early.
    const unreachable = reachable().then((ok) => (ok ? new Promise<never>(() => undefined) : Promise.reject(unreachableError())));
    try {
      return await Promise.race([entry.promise, gaveUp, unreachable]);
    } catch (error) {
      if (current === entry) current = null;
      const message = error instanceof RuntimeError ? error.message : `The in-browser runtime (WebContainer) failed to start: ${(error as Error)?.message ?? String(error)}`;
      onStatus({ state: 'failed', message });
      throw error instanceof RuntimeError ? error : new RuntimeError(message, { cause: error });
    } finally {
      clearTimeout(slow);
      clearTimeout(fail);
    }
  }

  /** Tear down the page's WebContainer; the next prepare() boots a fresh one. */
  function teardown(): void {
    const entry = current;
    current = null;
    processes.clear();
    entry?.instance?.teardown();
  }

  async function layOut(wc: WebContainerLike, folder: string, files: LearnerFiles): Promise<void> {
    await wc.fs.rm(folder, { recursive: true, force: true });
    await wc.fs.mkdir(folder, { recursive: true });
    await wc.mount(toTree(files), { mountPoint: folder });
  }

  async function pipe(process: WebContainerProcessLike, onOutput: OutputListener, collect?: string[]): Promise<void> {
    await process.output
      .pipeTo(
        new WritableStream({
          write(chunk) {
            collect?.push(chunk);
            onOutput(chunk);
          },
        }),
      )
      .catch(() => undefined);
  }

  const runtime: Runtime = {
    kind: 'webcontainer',
    label: 'In-browser runtime (WebContainer)',

    async prepare(onStatus: StatusListener) {
      await boot(onStatus);
      onStatus({ state: 'ready', message: `Ready: ${runtime.label} runs your code.` });
    },

    async runTests(files: LearnerFiles, onOutput: OutputListener): Promise<Results> {
      const wc = await boot(() => undefined);
      await layOut(wc, 'learner', files);
      // Hidden tests are written after the learner's files, so they cannot be shadowed.
      await layOut(wc, 'hidden', { ...prefix('_harness/', bundle.harness), ...prefix('tests/', bundle.tests) });
      // The run's key (exercises/_harness/channel.mjs): run.mjs reads this file and deletes it
      // before any learner code starts; only results signed with it count.
      const key = newBrowserKey();
      await wc.fs.writeFile(KEY_FILE, key);
      const verdict = createVerdictReader(webVerifier(key));
      const process = await wc.spawn('node', ['hidden/_harness/run.mjs'], {
        env: {
          TFC_LEARNER_DIR: `${wc.workdir}/learner`,
          TFC_KEY_FILE: `${wc.workdir}/${KEY_FILE}`,
          TFC_TIMEOUT_MS: String(bundle.timeoutMs),
          // The output goes to a terminal: let the harness colour its progress log.
          TFC_COLOR: '1',
        },
        terminal: { cols: 100, rows: 30 },
      });
      processes.add(process);
      const collected: string[] = [];
      const piped = pipe(process, (chunk) => {
        const shown = verdict.push(chunk);
        if (shown) onOutput(shown);
      }, collected);
      const limit = bundle.timeoutMs + graceMs;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const watchdog = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), limit);
      });
      const outcome = await Promise.race([process.exit, watchdog]);
      clearTimeout(timer);
      processes.delete(process);
      await wc.fs.rm(KEY_FILE, { force: true }).catch(() => undefined);
      if (outcome === 'timeout') {
        try {
          process.kill();
        } catch {
          // A busy-looping process may ignore kill(): the teardown below stops it.
        }
        teardown();
        const seconds = Math.round(limit / 1000);
        onOutput(`\r\n[The run took longer than ${seconds} s and was stopped; the in-browser runtime restarts for the next run.]\r\n`);
        return {
          version: 3,
          status: 'error',
          message: `The tests did not finish within ${seconds} seconds, so the run was stopped. Does your code loop forever or never exit? The in-browser runtime was restarted.`,
          tests: [],
        };
      }
      await Promise.race([piped, new Promise((resolve) => setTimeout(resolve, 200))]);
      const rest = verdict.flush();
      if (rest) onOutput(rest);
      return verdict.verdict({ code: outcome, signal: null }, (detail) => {
        const tail = stripAnsi(collected.join('')).trim().split('\n').filter((line) => !line.includes('TFC-RESULTS')).slice(-15).join('\n');
        return `No trustworthy result: ${detail}.${tail ? `\n${tail}` : ''}`;
      });
    },

    async startApp(files: LearnerFiles, onOutput: OutputListener): Promise<AppHandle> {
      const spec = bundle.app;
      if (!spec) throw new RuntimeError('This exercise has no app to run.');
      const wc = await boot(() => undefined);
      await layOut(wc, 'app', files);
      const port = nextPort++;
      const env: Record<string, string> = {};
      for (const [name, value] of Object.entries(spec.env)) env[name] = value === 'auto' ? String(port) : value;
      const [command, ...args] = spec.command;
      if (!command) throw new RuntimeError('This exercise has no command to run its app.');
      // Listen before spawning: a fast app may open its port before spawn() returns.
      let portOpened!: () => void;
      const opened = new Promise<void>((resolve) => (portOpened = resolve));
      const off = wc.on('port', (openedPort, type) => {
        if (type === 'open' && openedPort === port) portOpened();
      });
      let process: WebContainerProcessLike;
      try {
        process = await wc.spawn(command, args, { cwd: 'app', env, terminal: { cols: 100, rows: 30 } });
      } catch (error) {
        off();
        throw error;
      }
      processes.add(process);
      void pipe(process, onOutput);
      onOutput(`[Started \`${spec.command.join(' ')}\` with ${Object.entries(env).map(([k, v]) => `${k}=${v}`).join(' ') || 'no extra environment'}]\r\n`);
      const exited: Promise<number | null> = process.exit.then((code) => {
        processes.delete(process);
        return code;
      });
      // Give the app a moment to bind; a wrong port is for the learner to discover, not an error here.
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([opened, exited, new Promise((resolve) => (timer = setTimeout(resolve, 3000)))]);
      clearTimeout(timer);
      off();
      return {
        exited,
        async request(request: AppRequest): Promise<AppResponse> {
          const url = `http://localhost:${port}${request.path.startsWith('/') ? request.path : `/${request.path}`}`;
          const probe = await wc.spawn('node', ['--input-type=module', '-e', REQUEST_SCRIPT], {
            env: { TFC_REQUEST: JSON.stringify({ url, method: request.method, headers: request.headers ?? {}, body: request.body }) },
          });
          const chunks: string[] = [];
          await pipe(probe, () => undefined, chunks);
          await probe.exit;
          const line = stripAnsi(chunks.join('')).split('\n').find((l) => l.startsWith(RESULT_MARK));
          if (!line) throw new RuntimeError('The request could not be made inside the in-browser runtime.');
          const answer = JSON.parse(line.slice(RESULT_MARK.length)) as Partial<AppResponse> & { error?: string };
          if (answer.error !== undefined) throw new RuntimeError(`Nothing answered on port ${port}: ${answer.error}`);
          return { status: answer.status ?? 0, headers: answer.headers ?? {}, body: answer.body ?? '' };
        },
        async stop() {
          try {
            process.kill();
          } catch {
            // handled by the watchdog below
          }
          const stopped = await Promise.race([exited.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), 3000))]);
          if (!stopped) teardown();
        },
      };
    },

    async dispose() {
      for (const process of processes) {
        try {
          process.kill();
        } catch {
          // ignored: teardown follows
        }
      }
      teardown();
    },
  };
  return runtime;
}

function prefix(dir: string, files: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(files).map(([path, content]) => [`${dir}${path}`, content]));
}
