/**
 * createCourseServer(config, deps) → an http.Server that serves the built
 * site and, when the runner is on, the local runtime API. Isolation headers
 * (COOP/COEP/CORP) go on every response, errors included.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { isolationHeaders } from '../config/isolation.ts';
import { handleApi, type ApiContext } from './api.ts';
import { AppRegistry } from './apps.ts';
import type { ServerConfig } from './config.ts';
import { sendError } from './http-util.ts';
import { Slots } from './limits.ts';
import { createLogger, type Logger } from './log.ts';
import type { Runner } from './runner.ts';
import { createStaticHandler } from './static.ts';

export interface CourseServerDeps {
  /** The engine; ignored (runner off) unless config.runnerEnabled. */
  runner?: Runner | null;
  log?: Logger;
  /** Per-process secret for X-Course-Token; random unless given (tests). */
  token?: string;
}

export interface CourseServer extends Server {
  /**
   * Graceful shutdown: stop accepting, stop running apps, let in-flight
   * requests and runs finish for up to `timeoutMs`, then abort the runs (the
   * engine kills their processes), close what is left. Safe to call again
   * (a second call with a smaller timeout hurries the first).
   */
  shutdown(timeoutMs: number): Promise<{ forced: boolean }>;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

/** The API path of a request (after `/api/` or `<base>api/`), or null when it is not an API request. */
export function apiPath(pathname: string, basePath: string): string | null {
  if (pathname.startsWith('/api/')) return pathname.slice('/api/'.length);
  const prefix = `${basePath}api/`;
  if (basePath !== '/' && pathname.startsWith(prefix)) return pathname.slice(prefix.length);
  return null;
}

/**
 * The runner API's state: the engine (when the runner is on), the per-process
 * token and the concurrency slots. Shared by the course server and the dev
 * server's middleware (src/integrations/dev-runtime.ts).
 */
export function createApiContext(
  config: ServerConfig,
  deps: CourseServerDeps & { log: Logger; track: ApiContext['track']; shuttingDown: () => boolean },
): ApiContext {
  return {
    config,
    runner: config.runnerEnabled ? (deps.runner ?? null) : null,
    token: deps.token ?? randomBytes(32).toString('base64url'),
    log: deps.log,
    apps: new AppRegistry(),
    runSlots: new Slots(config.limits.maxConcurrent),
    appSlots: new Slots(config.limits.maxConcurrent),
    track: deps.track,
    shuttingDown: deps.shuttingDown,
  };
}

export function createCourseServer(config: ServerConfig, deps: CourseServerDeps = {}): CourseServer {
  const log = deps.log ?? createLogger();
  const headers = { ...isolationHeaders(config.coep), 'X-Content-Type-Options': 'nosniff' };
  const serveStatic = createStaticHandler({ distDir: config.distDir, basePath: config.basePath });
  const runs = new Set<{ abort: () => void; done: Promise<unknown> }>();
  let closing = false;

  const ctx = createApiContext(config, {
    ...deps,
    log,
    track(run) {
      runs.add(run);
      void run.done.finally(() => runs.delete(run));
    },
    shuttingDown: () => closing,
  });

  const onRequest = (req: IncomingMessage, res: ServerResponse) => {
    const started = performance.now();
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (closing) res.setHeader('Connection', 'close');
    const url = req.url ?? '/';
    const pathname = url.split('?', 1)[0] ?? '/';
    let logged = false;
    const logRequest = (aborted: boolean) => {
      if (logged) return;
      logged = true;
      log.info('request', {
        method: req.method,
        path: pathname,
        status: res.statusCode,
        ms: Math.round(performance.now() - started),
        ...(aborted ? { aborted: true } : {}),
      });
    };
    res.once('finish', () => logRequest(false));
    res.once('close', () => logRequest(!res.writableFinished));
    try {
      const api = url.startsWith('/') ? apiPath(pathname, config.basePath) : null;
      if (api !== null) {
        void handleApi(req, res, ctx, api);
      } else {
        serveStatic(req, res);
      }
    } catch (error) {
      log.error('request-error', { path: pathname, error });
      if (!res.headersSent) sendError(res, 500, 'Internal error in the course server; see its log.');
      else res.destroy();
    }
  };

  const server = createServer(onRequest) as CourseServer;

  let shutdownPromise: Promise<{ forced: boolean }> | null = null;
  let hurry: (() => void) | null = null;
  server.shutdown = (timeoutMs) => {
    if (shutdownPromise) {
      if (timeoutMs === 0) hurry?.();
      return shutdownPromise;
    }
    closing = true;
    shutdownPromise = (async () => {
      const closed = new Promise<void>((resolve) => {
        if (!server.listening) resolve();
        else server.close(() => resolve());
      });
      server.closeIdleConnections();
      await ctx.apps.stopAll('shutdown');
      // Keep-alive connections that finish a request become idle: close them as they do.
      const sweeper = setInterval(() => server.closeIdleConnections(), 50);
      const hurried = new Promise<void>((resolve) => (hurry = resolve));
      const inFlight = Promise.all([closed, ...[...runs].map((r) => r.done.catch(() => undefined))]);
      const finished = await Promise.race([inFlight.then(() => true), sleep(timeoutMs).then(() => false), hurried.then(() => false)]);
      if (!finished) {
        for (const run of runs) run.abort();
        // Aborted runs settle once the engine has killed their processes; do not wait forever.
        await Promise.race([Promise.allSettled([...runs].map((r) => r.done)), sleep(5000)]);
        await ctx.apps.stopAll('shutdown');
        server.closeAllConnections();
        await Promise.race([closed, sleep(1000)]);
      }
      clearInterval(sweeper);
      // Let the last responses' 'close' handlers (request logs) run before the caller exits.
      await new Promise((resolve) => setImmediate(resolve));
      await new Promise((resolve) => setImmediate(resolve));
      return { forced: !finished };
    })();
    return shutdownPromise;
  };

  return server;
}
