/**
 * The local runtime: the course server (`npm start`) runs the hidden tests
 * and the learner's app with real Node processes. Contract: docs/architecture.md,
 * "Course server". Browser-safe; `fetch` is injectable for tests.
 */
import { parseResults, type Results } from '../engine/results.ts';
import { readNdjson } from './ndjson.ts';
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

export interface LocalRuntimeInfo {
  runtime: 'local';
  token: string;
  node: string;
  limits: { timeoutMs: number; maxOutputBytes: number; maxBodyBytes: number; maxConcurrent: number };
  /** How the server contains runs (src/engine/sandbox.ts); absent from older servers. */
  containment?: { level: 'sandbox' | 'process-group'; description: string };
}

/** "Ready: …" for the workbench's status line, saying which containment is in force. */
function readyMessage(label: string, info: LocalRuntimeInfo | undefined): string {
  const containment = info?.containment;
  if (!containment) return `Ready: ${label} runs your code.`;
  return `Ready: ${label} runs your code, ${containment.level === 'sandbox' ? 'in a sandbox' : 'without a sandbox'}. ${containment.description}`;
}

export type ProbeResult = { ok: true; info: LocalRuntimeInfo } | { ok: false; reason: string };

export interface LocalRuntimeOptions {
  exerciseId: string;
  /** Where the runner API lives, ending in "/". Default "/api/". */
  apiBase?: string;
  fetch?: typeof fetch;
  /** Info from an earlier probe, so prepare() need not ask again. */
  info?: LocalRuntimeInfo;
}

function isInfo(value: unknown): value is LocalRuntimeInfo {
  const v = value as Partial<LocalRuntimeInfo> | null;
  return typeof v === 'object' && v !== null && v.runtime === 'local' && typeof v.token === 'string' && v.token.length > 0;
}

/**
 * Asks the course server whether its local runtime answers. Never throws:
 * a missing server, a static host (404 / HTML), a runner that is off (503) or
 * a timeout all come back as `{ ok: false, reason }` in plain words.
 */
export async function probeLocal(options: { apiBase?: string; fetch?: typeof fetch; timeoutMs?: number } = {}): Promise<ProbeResult> {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const apiBase = options.apiBase ?? '/api/';
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), options.timeoutMs ?? 3000);
  try {
    const response = await doFetch(`${apiBase}runtime`, { signal: controller.signal, headers: { accept: 'application/json' }, cache: 'no-store' });
    if (response.status === 503) return { ok: false, reason: 'the course server has its local runtime switched off (RUNNER=off)' };
    if (!response.ok) return { ok: false, reason: `this site is not served by the course server with its local runtime (GET ${apiBase}runtime answered ${response.status})` };
    const body: unknown = await response.json().catch(() => null);
    if (!isInfo(body)) return { ok: false, reason: `GET ${apiBase}runtime did not answer like the course server` };
    return { ok: true, info: body };
  } catch (error) {
    const timedOut = controller.signal.aborted;
    return { ok: false, reason: timedOut ? 'the course server did not answer in time' : `the course server could not be reached (${(error as Error).message})` };
  } finally {
    clearTimeout(timer);
  }
}

async function errorMessage(response: Response): Promise<string> {
  const body = (await response.json().catch(() => null)) as { error?: unknown } | null;
  const detail = body && typeof body.error === 'string' ? body.error : `HTTP ${response.status}`;
  switch (response.status) {
    case 429:
      return `The course server is busy with other runs. Try again in a moment. (${detail})`;
    case 503:
      return `The course server's local runtime is switched off. (${detail})`;
    case 413:
      return `Your files are too large to send to the course server. (${detail})`;
    case 502:
    case 504:
      // The app, not the course server, did not answer: the server's message says what happened.
      return detail;
    default:
      return `The course server refused the run: ${detail}`;
  }
}

export function createLocalRuntime(options: LocalRuntimeOptions): Runtime {
  const doFetch = options.fetch ?? globalThis.fetch.bind(globalThis);
  const apiBase = options.apiBase ?? '/api/';
  let info: LocalRuntimeInfo | undefined = options.info;
  const running = new Set<AbortController>();
  const apps = new Set<AppHandle>();

  const runtime: Runtime = {
    kind: 'local',
    get label() {
      return info ? `Local course server (Node ${info.node})` : 'Local course server';
    },
    async prepare(onStatus: StatusListener) {
      if (info) {
        onStatus({ state: 'ready', message: readyMessage(runtime.label, info) });
        return;
      }
      onStatus({ state: 'connecting', message: 'Connecting to the course server…' });
      const probe = await probeLocal({ apiBase, fetch: doFetch });
      if (!probe.ok) {
        const message = `The local runtime is not available: ${probe.reason}.`;
        onStatus({ state: 'failed', message });
        throw new RuntimeError(message);
      }
      info = probe.info;
      onStatus({ state: 'ready', message: readyMessage(runtime.label, info) });
    },

    async runTests(files: LearnerFiles, onOutput: OutputListener): Promise<Results> {
      const controller = new AbortController();
      running.add(controller);
      try {
        const response = await post('runs', { exercise: options.exerciseId, files }, controller.signal);
        let results: Results | undefined;
        await readNdjson(response.body!, (event) => {
          const e = event as { type?: string; data?: unknown; results?: unknown };
          if (e.type === 'output' && typeof e.data === 'string') onOutput(e.data);
          else if (e.type === 'result') results = parseResults(e.results);
        });
        if (!results) throw new RuntimeError('The course server ended the run without results. Its log may say why.');
        return results;
      } catch (error) {
        throw asRuntimeError(error);
      } finally {
        running.delete(controller);
      }
    },

    async startApp(files: LearnerFiles, onOutput: OutputListener): Promise<AppHandle> {
      const controller = new AbortController();
      const response = await post('apps', { exercise: options.exerciseId, files }, controller.signal).catch((e: unknown) => {
        throw asRuntimeError(e);
      });
      let resolveStarted!: (id: string) => void;
      let rejectStarted!: (error: Error) => void;
      const started = new Promise<string>((resolve, reject) => {
        resolveStarted = resolve;
        rejectStarted = reject;
      });
      let exitCode: number | null = null;
      const exited = readNdjson(response.body!, (event) => {
        const e = event as { type?: string; id?: unknown; data?: unknown; code?: unknown; message?: unknown };
        if (e.type === 'started' && typeof e.id === 'string') resolveStarted(e.id);
        else if (e.type === 'error') rejectStarted(new RuntimeError(typeof e.message === 'string' ? e.message : 'Your app could not be started.'));
        else if (e.type === 'output' && typeof e.data === 'string') onOutput(e.data);
        else if (e.type === 'exited') exitCode = typeof e.code === 'number' ? e.code : null;
      })
        .catch(() => undefined)
        .then(() => {
          rejectStarted(new RuntimeError('Your app stopped before it started. Its output above may say why.'));
          return exitCode;
        });
      const id = await started;
      const handle: AppHandle = {
        exited,
        async request(request: AppRequest): Promise<AppResponse> {
          const res = await post(`apps/${encodeURIComponent(id)}/request`, request).catch((e: unknown) => {
            throw asRuntimeError(e);
          });
          const body = (await res.json()) as AppResponse;
          return { status: body.status, headers: body.headers ?? {}, body: body.body ?? '' };
        },
        async stop() {
          apps.delete(handle);
          await send('DELETE', `apps/${encodeURIComponent(id)}`).catch(() => undefined);
          const timeout = new Promise<null>((resolve) => setTimeout(() => resolve(null), 5000));
          await Promise.race([exited, timeout]);
          controller.abort();
        },
      };
      apps.add(handle);
      void exited.then(() => apps.delete(handle));
      return handle;
    },

    async dispose() {
      for (const controller of running) controller.abort();
      await Promise.all([...apps].map((app) => app.stop()));
    },
  };

  async function token(refresh = false): Promise<string> {
    if (!info || refresh) {
      const probe = await probeLocal({ apiBase, fetch: doFetch });
      if (!probe.ok) throw new RuntimeError(`The local runtime is not available: ${probe.reason}.`);
      info = probe.info;
    }
    return info.token;
  }

  async function send(method: string, path: string, body?: unknown, signal?: AbortSignal): Promise<Response> {
    // The token changes when the course server restarts: fetch a fresh one and retry once.
    for (const refresh of [false, true]) {
      const init: RequestInit = {
        method,
        headers: { 'content-type': 'application/json', 'x-course-token': await token(refresh) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(signal ? { signal } : {}),
      };
      let response: Response;
      try {
        response = await doFetch(`${apiBase}${path}`, init);
      } catch (error) {
        if (signal?.aborted) throw new RuntimeError('The run was cancelled.', { cause: error });
        throw new RuntimeError('The course server could not be reached. Is `npm start` still running?', { cause: error });
      }
      if (response.status === 403 && !refresh) continue;
      if (!response.ok) throw new RuntimeError(await errorMessage(response));
      return response;
    }
    throw new RuntimeError('The course server refused the token.');
  }

  function post(path: string, body: unknown, signal?: AbortSignal): Promise<Response> {
    return send('POST', path, body, signal);
  }

  return runtime;
}

function asRuntimeError(error: unknown): RuntimeError {
  if (error instanceof RuntimeError) return error;
  return new RuntimeError(`The run failed: ${(error as Error)?.message ?? String(error)}`, { cause: error });
}
