/**
 * The local runtime API (docs/architecture.md, "Course server"):
 *
 *   GET    /api/runtime              → { runtime, token, node, limits, containment }
 *   POST   /api/runs                 → NDJSON: output…, result
 *   POST   /api/apps                 → NDJSON: started, output…, exited (or error)
 *   POST   /api/apps/<id>/request    → { status, headers, body }
 *   DELETE /api/apps/<id>            → { stopped: true }
 *
 * Every request passes the Host/Origin/Sec-Fetch-Site guard; everything except
 * GET /api/runtime also needs the X-Course-Token header.
 */
import { containmentFor } from '../engine/sandbox.ts';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { appRequest, deleteApp, postApp } from './app-routes.ts';
import type { AppRegistry } from './apps.ts';
import type { ServerConfig } from './config.ts';
import { checkOrigin, tokenValid } from './guard.ts';
import { sendError, sendJson } from './http-util.ts';
import { HttpError, type Slots } from './limits.ts';
import type { Logger } from './log.ts';
import type { Runner } from './runner.ts';
import { postRun } from './runs.ts';

export interface ApiContext {
  config: ServerConfig;
  /** null: the runner is off. */
  runner: Runner | null;
  token: string;
  log: Logger;
  apps: AppRegistry;
  runSlots: Slots;
  appSlots: Slots;
  /** Registers a run so shutdown can wait for it, or abort it. */
  track(run: { abort: () => void; done: Promise<unknown> }): void;
  shuttingDown(): boolean;
}

function runtimeInfo(ctx: ApiContext) {
  const { timeoutMs, maxOutputBytes, maxBodyBytes, maxConcurrent } = ctx.config.limits;
  const { level, description } = containmentFor(ctx.config.containment);
  return {
    runtime: 'local',
    token: ctx.token,
    node: process.version,
    limits: { timeoutMs, maxOutputBytes, maxBodyBytes, maxConcurrent },
    containment: { level, description },
  };
}

type Route =
  | { name: 'runtime' }
  | { name: 'runs' }
  | { name: 'apps' }
  | { name: 'app-request'; id: string }
  | { name: 'app'; id: string };

const ALLOW: Record<Route['name'], string> = { runtime: 'GET, HEAD', runs: 'POST', apps: 'POST', 'app-request': 'POST', app: 'DELETE' };

function matchRoute(path: string): Route | null {
  if (path === 'runtime') return { name: 'runtime' };
  if (path === 'runs') return { name: 'runs' };
  if (path === 'apps') return { name: 'apps' };
  const m = /^apps\/([A-Za-z0-9-]{1,64})(\/request)?$/.exec(path);
  if (m?.[1]) return m[2] ? { name: 'app-request', id: m[1] } : { name: 'app', id: m[1] };
  return null;
}

/** Handles one request whose path (without query) is `/api/<path>` (or `<base>api/<path>`). */
export async function handleApi(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, path: string): Promise<void> {
  try {
    const runner = ctx.runner;
    if (!runner) {
      throw new HttpError(503, `The local runtime is off on this server (${ctx.config.runnerOffReason ?? 'RUNNER=off'}).`);
    }
    const refused = checkOrigin(ctx.config, req);
    if (refused) {
      ctx.log.warn('request-refused', { path: `/api/${path}`, reason: refused, host: req.headers.host, origin: req.headers.origin });
      throw new HttpError(403, refused);
    }
    if (ctx.shuttingDown()) throw new HttpError(503, 'The course server is shutting down.', { Connection: 'close' });
    const route = matchRoute(path);
    if (!route) throw new HttpError(404, `No such API endpoint: /api/${path}`);
    const allow = ALLOW[route.name];
    if (!allow.split(', ').includes(req.method ?? '')) throw new HttpError(405, `Use ${allow} for /api/${path}.`, { Allow: allow });

    if (route.name === 'runtime') {
      sendJson(res, 200, runtimeInfo(ctx));
      return;
    }
    if (!tokenValid(req, ctx.token)) {
      throw new HttpError(403, 'Missing or wrong X-Course-Token header; reload the page to get a new one from GET /api/runtime.');
    }
    if (route.name === 'runs') await postRun(req, res, ctx, runner);
    else if (route.name === 'apps') await postApp(req, res, ctx, runner);
    else if (route.name === 'app-request') await appRequest(req, res, ctx, route.id);
    else await deleteApp(res, ctx, route.id);
  } catch (error) {
    if (res.headersSent) {
      ctx.log.error('api-error', { path: `/api/${path}`, error });
      res.destroy();
      return;
    }
    if (error instanceof HttpError) {
      // The client may still be sending a body we refuse to read: close the connection after answering.
      const unread = !req.complete;
      sendError(res, error.status, error.message, unread ? { ...error.headers, Connection: 'close' } : error.headers);
      return;
    }
    ctx.log.error('api-error', { path: `/api/${path}`, error });
    sendError(res, 500, 'Internal error in the course server; see its log.');
  }
}
