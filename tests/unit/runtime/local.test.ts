import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLocalRuntime, probeLocal } from '../../../src/runtime/local.ts';
import { RuntimeError } from '../../../src/runtime/types.ts';

// A stand-in course server that speaks the runner API contract (docs/architecture.md).
let server: Server;
let base: string;
let token = 'tok-1';
let mode: 'normal' | 'busy' | 'no-result' | 'off' = 'normal';
const seen: { method: string; url: string; token: string | undefined; body: string }[] = [];

async function body(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += chunk;
  return text;
}

const results = { version: 3, status: 'fail', message: null, tests: [{ name: 'listens on PORT', status: 'fail', message: 'Nothing answered on PORT', output: null }] };

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  const text = await body(req);
  seen.push({ method: req.method ?? '', url: req.url ?? '', token: req.headers['x-course-token'] as string | undefined, body: text });
  if (mode === 'off') {
    res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'runner is off' }));
    return;
  }
  if (req.url === '/api/runtime') {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ runtime: 'local', token, node: 'v24.0.0', limits: { timeoutMs: 30000, maxOutputBytes: 1, maxBodyBytes: 1, maxConcurrent: 2 } }));
    return;
  }
  if (req.headers['x-course-token'] !== token) {
    res.writeHead(403, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'bad token' }));
    return;
  }
  if (req.url === '/api/runs' && mode === 'busy') {
    res.writeHead(429, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'too many runs' }));
    return;
  }
  if (req.url === '/api/runs') {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write(JSON.stringify({ type: 'output', data: 'first line\n' }) + '\n');
    // A line split across two chunks, delivered later: the client must join it.
    const line = JSON.stringify({ type: 'output', data: 'second\n' }) + '\n';
    res.write(line.slice(0, 10));
    await new Promise((r) => setTimeout(r, 30));
    res.write(line.slice(10));
    if (mode !== 'no-result') res.write(JSON.stringify({ type: 'result', results }) + '\n');
    res.end();
    return;
  }
  if (req.url === '/api/apps') {
    res.writeHead(200, { 'content-type': 'application/x-ndjson' });
    res.write(JSON.stringify({ type: 'started', id: 'app-1' }) + '\n');
    res.write(JSON.stringify({ type: 'output', data: 'listening\n' }) + '\n');
    apps.set('app-1', res);
    return;
  }
  if (req.url === '/api/apps/app-1/request') {
    const r = JSON.parse(text) as { method: string; path: string };
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 200, headers: { 'x-path': r.path }, body: `${r.method} ${r.path}` }));
    return;
  }
  if (req.url === '/api/apps/app-1' && req.method === 'DELETE') {
    const stream = apps.get('app-1');
    stream?.end(JSON.stringify({ type: 'exited', code: null }) + '\n');
    apps.delete('app-1');
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ stopped: true }));
    return;
  }
  res.writeHead(404).end();
}
const apps = new Map<string, ServerResponse>();

beforeAll(async () => {
  server = createServer((req, res) => void handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  mode = 'normal';
  token = 'tok-1';
  seen.length = 0;
});

describe('probeLocal', () => {
  it('returns the runtime info when the course server answers', async () => {
    const probe = await probeLocal({ apiBase: base });
    expect(probe).toMatchObject({ ok: true, info: { runtime: 'local', token: 'tok-1', node: 'v24.0.0' } });
  });
  it('explains a runner that is off', async () => {
    mode = 'off';
    const probe = await probeLocal({ apiBase: base });
    expect(probe.ok).toBe(false);
    expect(!probe.ok && probe.reason).toMatch(/switched off/);
  });
  it('explains a static host (404 / not our JSON)', async () => {
    const notFound = await probeLocal({ fetch: async () => new Response('<h1>404</h1>', { status: 404 }) });
    expect(!notFound.ok && notFound.reason).toMatch(/not served by the course server.*404/);
    const html = await probeLocal({ fetch: async () => new Response('<!doctype html>', { status: 200 }) });
    expect(!html.ok && html.reason).toMatch(/did not answer like the course server/);
  });
  it('explains an unreachable server and a timeout', async () => {
    const down = await probeLocal({ fetch: async () => Promise.reject(new TypeError('fetch failed')) });
    expect(!down.ok && down.reason).toMatch(/could not be reached/);
    const hang = await probeLocal({
      timeoutMs: 50,
      fetch: (_url, init) => new Promise((_, reject) => init?.signal?.addEventListener('abort', () => reject(new Error('aborted')))),
    });
    expect(!hang.ok && hang.reason).toMatch(/did not answer in time/);
  });
});

describe('local runtime', () => {
  it('says which containment the course server gives runs when it is ready', async () => {
    const info = { runtime: 'local' as const, token: 't', node: 'v24.0.0', limits: { timeoutMs: 1, maxOutputBytes: 1, maxBodyBytes: 1, maxConcurrent: 1 } };
    const messages: string[] = [];
    const sandboxed = createLocalRuntime({ exerciseId: '07-port-binding', info: { ...info, containment: { level: 'sandbox', description: 'Sandboxed with bubblewrap.' } } });
    await sandboxed.prepare((s) => messages.push(s.message));
    const open = createLocalRuntime({ exerciseId: '07-port-binding', info: { ...info, containment: { level: 'process-group', description: 'Not sandboxed (darwin).' } } });
    await open.prepare((s) => messages.push(s.message));
    expect(messages).toEqual([
      'Ready: Local course server (Node v24.0.0) runs your code, in a sandbox. Sandboxed with bubblewrap.',
      'Ready: Local course server (Node v24.0.0) runs your code, without a sandbox. Not sandboxed (darwin).',
    ]);
  });

  it('prepares, then runs the tests, forwarding output as it arrives and returning the results', async () => {
    const runtime = createLocalRuntime({ exerciseId: '07-port-binding', apiBase: base });
    const statuses: string[] = [];
    await runtime.prepare((s) => statuses.push(s.state));
    expect(statuses).toEqual(['connecting', 'ready']);
    expect(runtime.label).toBe('Local course server (Node v24.0.0)');
    const output: string[] = [];
    const got = await runtime.runTests({ 'server.js': 'listen()' }, (chunk) => output.push(chunk));
    expect(output).toEqual(['first line\n', 'second\n']);
    expect(got).toEqual(results);
    const post = seen.find((s) => s.url === '/api/runs')!;
    expect(post.token).toBe('tok-1');
    expect(JSON.parse(post.body)).toEqual({ exercise: '07-port-binding', files: { 'server.js': 'listen()' } });
  });

  it('fetches a new token once when the server restarted (403)', async () => {
    const runtime = createLocalRuntime({ exerciseId: '07-port-binding', apiBase: base });
    await runtime.prepare(() => undefined);
    token = 'tok-2';
    const got = await runtime.runTests({}, () => undefined);
    expect(got.status).toBe('fail');
    expect(seen.filter((s) => s.url === '/api/runs').map((s) => s.token)).toEqual(['tok-1', 'tok-2']);
  });

  it('turns refusals into learner-facing errors', async () => {
    const runtime = createLocalRuntime({ exerciseId: '07-port-binding', apiBase: base });
    mode = 'busy';
    await expect(runtime.runTests({}, () => undefined)).rejects.toThrow(/busy with other runs/);
    mode = 'no-result';
    await expect(runtime.runTests({}, () => undefined)).rejects.toBeInstanceOf(RuntimeError);
  });

  it('fails prepare with the reason when the runner is off', async () => {
    mode = 'off';
    const runtime = createLocalRuntime({ exerciseId: '07-port-binding', apiBase: base });
    const statuses: string[] = [];
    await expect(runtime.prepare((s) => statuses.push(s.state))).rejects.toThrow(/switched off/);
    expect(statuses.at(-1)).toBe('failed');
  });

  it('starts an app, sends it a request and stops it', async () => {
    const runtime = createLocalRuntime({ exerciseId: '07-port-binding', apiBase: base });
    const output: string[] = [];
    const app = await runtime.startApp({ 'server.js': '' }, (chunk) => output.push(chunk));
    const answer = await app.request({ method: 'GET', path: '/hello' });
    expect(answer).toEqual({ status: 200, headers: { 'x-path': '/hello' }, body: 'GET /hello' });
    await app.stop();
    expect(await app.exited).toBeNull();
    expect(output).toEqual(['listening\n']);
    expect(seen.some((s) => s.method === 'DELETE' && s.url === '/api/apps/app-1')).toBe(true);
  });
});
