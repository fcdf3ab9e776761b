/** "Run app": POST /api/apps (NDJSON stream), POST /api/apps/<id>/request (proxy), DELETE /api/apps/<id>. */
import { request as httpRequest, validateHeaderName, validateHeaderValue, type ClientRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { z } from 'zod';
import type { ApiContext } from './api.ts';
import type { StopReason } from './apps.ts';
import { sendJson, startNdjson } from './http-util.ts';
import { outputForwarder, problem, readJob } from './jobs.ts';
import { HttpError, readJsonBody } from './limits.ts';
import type { Runner, RunningApp } from './runner.ts';

const appRequestBody = z.object({
  method: z.string().regex(/^[A-Z]{1,16}$/, { error: 'must be an HTTP method such as GET' }),
  path: z
    .string()
    .max(4096)
    .regex(/^\/(?!\/)[^\s#]*$/, { error: 'must be a path starting with "/", such as /health' }),
  headers: z.record(z.string(), z.string()).optional(),
  body: z.string().optional(),
});

/** Headers that describe the connection, not the message: never forwarded to the learner's app. */
const HOP_BY_HOP = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'te', 'trailer', 'upgrade', 'proxy-authorization', 'proxy-connection', 'content-length']);

/** Printable form of a learner's header name or value for a message: control characters shown escaped, long text cut. */
function shown(text: string): string {
  const json = JSON.stringify(text);
  return json.length > 60 ? `${json.slice(0, 57)}…"` : json;
}

/** Why a header cannot go to the app, in the learner's terms; null when it can. */
function headerProblem(name: string, value: string): string | null {
  try {
    validateHeaderName(name);
  } catch {
    return (
      `The header name ${shown(name)} cannot be sent: a header name is a single word of letters, digits and ` +
      "!#$%&'*+-.^_`|~ (no spaces, colons, line breaks or accented letters), such as Content-Type or X-Request-Id."
    );
  }
  try {
    validateHeaderValue(name, value);
  } catch {
    const what = /[\r\n]/.test(value)
      ? 'a line break'
      : [...value].some((c) => (c < ' ' && c !== '\t') || c === '\u007f')
        ? 'a control character'
        : 'a character HTTP headers cannot carry (only Latin-1 text is allowed; encode others, e.g. with encodeURIComponent)';
    return `The value of header ${shown(name)} cannot be sent: it contains ${what}. A header value is one line of text.`;
  }
  return null;
}

/** Node refuses some request targets when it builds the request (characters above U+00FF). */
const UNSENDABLE_PATH = /[^\u0021-\u00ff]/;

export async function postApp(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, runner: Runner): Promise<void> {
  const job = await readJob(req, ctx, runner);
  if (!job.hasApp) throw new HttpError(400, `Exercise ${JSON.stringify(job.exercise)} has no app to run.`);
  const release = ctx.appSlots.tryAcquire();
  if (!release) {
    throw new HttpError(429, `${ctx.appSlots.max} apps are already running (RUNNER_MAX_CONCURRENT); stop one first.`, { 'Retry-After': '1' });
  }
  const lifetimeMs = ctx.config.limits.timeoutMs * 4;
  const controller = new AbortController();
  const write = startNdjson(res);
  let entryId: string | null = null;
  const stopApp = (reason: StopReason) => {
    if (entryId) void ctx.apps.stop(entryId, reason);
    else controller.abort(reason);
  };
  const onOutput = outputForwarder(ctx, write, () => stopApp('output-limit'));
  res.on('close', () => {
    if (!res.writableFinished) stopApp('disconnected');
  });

  let app: RunningApp;
  try {
    app = await runner.startApp({
      exerciseId: job.exercise,
      files: job.files,
      // The engine's own lifetime limit is a backstop just after ours (which records the reason).
      limits: { timeoutMs: lifetimeMs + 1000, maxOutputBytes: ctx.config.limits.maxOutputBytes },
      onOutput,
      signal: controller.signal,
    });
  } catch (error) {
    release();
    const message = controller.signal.aborted ? 'The app was stopped before it started.' : error instanceof Error ? error.message : String(error);
    ctx.log.info('app-failed', { exercise: job.exercise, message });
    write({ type: 'error', message });
    res.end();
    return;
  }

  let exited = false;
  const done = new Promise<void>((resolveDone) => {
    const entry = ctx.apps.add(app, lifetimeMs, (e, code) => {
      exited = true;
      release();
      write({ type: 'exited', code, reason: e.stopReason ?? 'exit' });
      res.end();
      ctx.log.info('app-exit', { id: e.id, exercise: job.exercise, code, reason: e.stopReason ?? 'exit' });
      resolveDone();
    });
    entryId = entry.id;
  });
  if (controller.signal.aborted) stopApp('disconnected');
  if (ctx.shuttingDown()) stopApp('shutdown');

  // Announce the app once it accepts connections, so requests made right after `started` reach it.
  const ready = await Promise.race([app.ready ?? Promise.resolve(true), done.then(() => false)]);
  if (!exited && entryId) {
    if (!ready) onOutput(`\n[course server] The app runs but does not accept connections on port ${app.port} (the port it was given in its environment).\n`);
    write({ type: 'started', id: entryId });
    ctx.log.info('app-start', { id: entryId, exercise: job.exercise, port: app.port, ready });
  }
  await done;
}

export async function appRequest(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, id: string): Promise<void> {
  const parsed = appRequestBody.safeParse(await readJsonBody(req, ctx.config.limits.maxBodyBytes));
  if (!parsed.success) throw new HttpError(400, problem(parsed.error));
  const entry = ctx.apps.get(id);
  if (!entry) throw new HttpError(404, 'That app is not running (it exited or was stopped).');
  const { method, path, headers = {}, body } = parsed.data;
  const port = entry.app.port;
  if (UNSENDABLE_PATH.test(path)) {
    throw new HttpError(400, `The path ${shown(path)} cannot be sent as it is: percent-encode characters outside Latin-1 (encodeURI does it), e.g. /caf%C3%A9.`);
  }
  const forwarded: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (HOP_BY_HOP.has(name.toLowerCase())) continue;
    const why = headerProblem(name, value);
    if (why) throw new HttpError(400, why);
    forwarded[name] = value;
  }
  forwarded['host'] = `127.0.0.1:${port}`;
  if (body !== undefined) forwarded['content-length'] = String(Buffer.byteLength(body));
  const cap = ctx.config.limits.maxOutputBytes;

  const answer = await new Promise<{ status: number; headers: Record<string, unknown>; body: string; truncated: boolean }>((resolveAnswer, reject) => {
    let outgoing: ClientRequest;
    try {
      outgoing = httpRequest({ host: '127.0.0.1', port, method, path, headers: forwarded, timeout: ctx.config.limits.timeoutMs }, (incoming) => {
        const chunks: Buffer[] = [];
        let size = 0;
        let truncated = false;
        incoming.on('data', (chunk: Buffer) => {
          if (truncated) return;
          size += chunk.length;
          if (size > cap) {
            truncated = true;
            chunks.push(chunk.subarray(0, chunk.length - (size - cap)));
            incoming.destroy();
            finish();
            return;
          }
          chunks.push(chunk);
        });
        const finish = () =>
          resolveAnswer({ status: incoming.statusCode ?? 0, headers: incoming.headers, body: Buffer.concat(chunks).toString('utf8'), truncated });
        incoming.on('end', finish);
        incoming.on('error', (error) => (truncated ? undefined : reject(error)));
      });
    } catch (error) {
      // A backstop for anything else Node refuses to put on the wire: the learner's request is at fault, not the server.
      const code = (error as NodeJS.ErrnoException).code ?? '';
      if (error instanceof TypeError && code.startsWith('ERR_')) {
        reject(new HttpError(400, `This request cannot be sent to your app as it is (${error.message}). Check its method, path and headers.`));
      } else reject(error);
      return;
    }
    outgoing.on('timeout', () => outgoing.destroy(new HttpError(504, `The app did not answer within ${ctx.config.limits.timeoutMs} ms.`)));
    outgoing.on('error', (error) => {
      if (error instanceof HttpError) reject(error);
      else if ((error as NodeJS.ErrnoException).code === 'ECONNREFUSED') {
        reject(new HttpError(502, `Your app is not listening on port ${port}, the port it was given when it started. Look under Output for what it printed, and at where it calls listen().`));
      } else reject(new HttpError(502, `Could not reach your app on port ${port}: ${error.message}`));
    });
    outgoing.end(body);
  });
  sendJson(res, 200, answer.truncated ? answer : { status: answer.status, headers: answer.headers, body: answer.body });
}

export async function deleteApp(res: ServerResponse, ctx: ApiContext, id: string): Promise<void> {
  const stopped = await ctx.apps.stop(id, 'requested');
  if (!stopped) throw new HttpError(404, 'That app is not running (it exited or was stopped).');
  sendJson(res, 200, { stopped: true });
}
