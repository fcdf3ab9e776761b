/**
 * The course server with the REAL engine (src/engine/) and the real exercise
 * 07-port-binding: results, streaming, limits and process clean-up as a learner's
 * browser would see them. Hostile learner programs are bounded (a few hundred
 * processes at most, never an unbounded fork bomb).
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { containmentFor } from '../../../src/engine/sandbox.ts';
import { createEngineRunner } from '../../../src/server/engine.ts';
import { http, listening, makeDist, openApp, post, processesWith, removeDir, spawnMain, start, streamPost, testConfig, TOKEN, type Started } from './helpers.ts';

const EXERCISE = '07-port-binding';
const ready = existsSync('src/engine/runner.ts') && existsSync(`exercises/${EXERCISE}/exercise.json`);
const read = (tree: string) => readFileSync(`exercises/${EXERCISE}/${tree}/server.js`, 'utf8');

/** A unique string for `sleep`'s command line (GNU sleep adds its arguments up). */
function marker(): string {
  return `0.000${Math.floor(Math.random() * 1e9)}`;
}

/** Learner code: spawns a marked child (escaping the process group), then spins forever. */
const endlessLoop = (mark: string) => `
import { spawn } from 'node:child_process';
spawn('sleep', ['1000', '${mark}'], { detached: true, stdio: 'ignore' }).unref();
while (true) {}
`;

/** Learner code: a correct server that, once listening, starts \`count\` marked children, half of them in new sessions. */
const manyChildren = (mark: string, count: number) => `
import http from 'node:http';
import { spawn } from 'node:child_process';
const server = http.createServer((req, res) => res.end('ok'));
server.listen(Number(process.env.PORT), () => {
  console.log('Shortlinks listening on port ' + server.address().port);
  for (let i = 0; i < ${count}; i++) spawn('sleep', ['1000', '${mark}'], { detached: i % 2 === 0, stdio: 'ignore' }).unref();
});
`;

/** Learner code: prints as fast as it can. */
const flood = `
const chunk = 'flood '.repeat(10000) + '\\n';
for (;;) process.stdout.write(chunk);
`;

async function waitFor<T>(fn: () => T, ok: (v: T) => boolean, ms: number): Promise<T> {
  const until = Date.now() + ms;
  let value = fn();
  while (!ok(value) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    value = fn();
  }
  return value;
}

describe.skipIf(!ready)('with the real engine and exercise 07-port-binding', () => {
  let dist: string;
  let s: Started;
  let short: Started;
  beforeAll(async () => {
    dist = makeDist();
    s = await start(testConfig(dist, { RUNNER_TIMEOUT_MS: '15000', RUNNER_MAX_OUTPUT_BYTES: '65536', RUNNER_MAX_CONCURRENT: '4' }), createEngineRunner());
    // Hostile programs get a short time limit, to keep the tests fast.
    short = await start(testConfig(dist, { RUNNER_TIMEOUT_MS: '3000', RUNNER_MAX_OUTPUT_BYTES: '65536', RUNNER_MAX_CONCURRENT: '4' }), createEngineRunner());
  });
  afterAll(async () => {
    await Promise.all([s.close(), short.close()]);
    removeDir(dist);
  });

  it('streams output while the starter fails, and the solution passes', async () => {
    const [starter, solution] = await Promise.all([
      streamPost(s.port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': read('starter') } }),
      streamPost(s.port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': read('solution') } }),
    ]);
    for (const run of [starter, solution]) {
      expect(run.status).toBe(200);
      const last = run.events.at(-1)!;
      expect(last.event['type']).toBe('result');
      expect(run.events.filter((e) => e.event['type'] === 'result')).toHaveLength(1);
      const outputs = run.events.filter((e) => e.event['type'] === 'output');
      expect(outputs.length).toBeGreaterThan(0);
    }
    expect(starter.events.at(-1)!.event['results']).toMatchObject({ version: 3, status: 'fail' });
    expect(solution.events.at(-1)!.event['results']).toMatchObject({ version: 3, status: 'pass' });
    // Streamed, not buffered: the first output arrived well before the result.
    const first = starter.events.find((e) => e.event['type'] === 'output')!;
    expect(starter.events.at(-1)!.at - first.at).toBeGreaterThan(500);
    expect(starter.events.map((e) => e.event['data'] ?? '').join('')).toMatch(/PORT/);
  });

  it('refuses path traversal, absolute paths and unknown exercises before running anything', async () => {
    for (const path of ['../x', '/etc/passwd', 'a/../../b', 'C:\\x.js']) {
      const r = await post(s.port, '/api/runs', { exercise: EXERCISE, files: { [path]: 'x' } });
      expect(r.status, path).toBe(400);
      expect(r.json().error).toMatch(/not a valid file name/);
    }
    const unknown = await post(s.port, '/api/runs', { exercise: '99-nothing', files: {} });
    expect(unknown.status).toBe(404);
    expect(unknown.json().error).toMatch(/no exercise/);
  });

  it('stops an endless loop at the time limit, reports it, and leaves no process behind', async () => {
    const mark = marker();
    const seen: number[] = [];
    const watcher = setInterval(() => seen.push(processesWith(mark).length), 100);
    const run = await streamPost(short.port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': endlessLoop(mark) } });
    clearInterval(watcher);
    const results = run.events.at(-1)!.event['results'];
    expect(results).toMatchObject({ status: 'error', message: expect.stringMatching(/time limit of 3 s/) });
    // RUNNER_TIMEOUT_MS=3000 plus the engine's grace; never the exercise's own 20 s.
    expect(run.events.at(-1)!.at).toBeLessThan(7000);
    expect(Math.max(0, ...seen)).toBeGreaterThan(0);
    expect(await waitFor(() => processesWith(mark), (p) => p.length === 0, 1000)).toEqual([]);
  });

  it('keeps a run bounded when the learner program floods its own output (captured by the checks)', async () => {
    const run = await streamPost(short.port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': flood } });
    expect(run.status).toBe(200);
    expect(run.events.at(-1)!.event['results'].status).toBe('error');
    expect(run.bytes).toBeLessThan(65536);
    expect(run.events.at(-1)!.at).toBeLessThan(7000);
  });

  it('stops an app that prints megabytes at the output cap', async () => {
    const run = await streamPost(short.port, '/api/apps', { exercise: EXERCISE, files: { 'server.js': flood } });
    expect(run.status).toBe(200);
    const text = run.events.map((e) => e.event['data'] ?? '').join('');
    // The engine's notice, or the server's own backstop if it counted first; either way the app was stopped.
    expect(/more than 64 KB of output|output stopped: more than 65536 bytes/.test(text), 'a notice that output was stopped').toBe(true);
    expect(run.events.at(-1)!.event).toMatchObject({ type: 'exited' });
    expect(run.bytes).toBeLessThan(65536 * 3);
  });

  it('leaves none of 200 child processes behind after a run', async () => {
    const mark = marker();
    let most = 0;
    const watcher = setInterval(() => (most = Math.max(most, processesWith(mark).length)), 50);
    const run = await streamPost(s.port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': manyChildren(mark, 200) } });
    clearInterval(watcher);
    expect(run.events.at(-1)!.event['type']).toBe('result');
    expect(most).toBeGreaterThanOrEqual(100);
    expect(await waitFor(() => processesWith(mark), (p) => p.length === 0, 1000)).toEqual([]);
  });

  it('runs the app: started once it answers, requests reach it, DELETE stops it and its children', async () => {
    const mark = marker();
    const app = openApp(s.port, { exercise: EXERCISE, files: { 'server.js': manyChildren(mark, 5) } });
    const id = await app.started;
    const r = await post(s.port, `/api/apps/${id}/request`, { method: 'GET', path: '/' });
    expect(r.status).toBe(200);
    expect(r.json()).toMatchObject({ status: 200, body: 'ok' });
    expect(await waitFor(() => processesWith(mark).length, (n) => n === 5, 3000)).toBe(5);
    const del = await http({ port: s.port, method: 'DELETE', path: `/api/apps/${id}`, headers: { 'x-course-token': TOKEN } });
    expect(del.status).toBe(200);
    await app.ended;
    expect(app.events.at(-1)).toMatchObject({ type: 'exited', reason: 'requested' });
    expect(app.events.some((e) => e['type'] === 'output' && /listening on port/.test(e['data']))).toBe(true);
    expect(await waitFor(() => processesWith(mark), (p) => p.length === 0, 1000)).toEqual([]);
  });

  // Only a sandbox can keep learner code from signalling the server (same user, same machine).
  it.skipIf(containmentFor().level !== 'sandbox')('survives learner code that SIGKILLs every process it can see, and goes on serving', async () => {
    const killAll = `
import fs from 'node:fs';
for (const entry of fs.readdirSync('/proc')) {
  if (/^\\d+$/.test(entry) && Number(entry) !== process.pid) { try { process.kill(Number(entry), 'SIGKILL'); } catch {} }
}
${read('solution')}`;
    const attacked = await streamPost(s.port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': killAll } });
    expect(attacked.events.at(-1)!.event['results']).toMatchObject({ status: 'error' });
    const info = await http({ port: s.port, path: '/api/runtime' });
    expect(info.status).toBe(200);
    const after = await streamPost(s.port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': read('solution') } });
    expect(after.events.at(-1)!.event['results']).toMatchObject({ status: 'pass' });
  });
});

describe.skipIf(!ready)('SIGTERM to node src/server/main.ts with a run in flight', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tfc-main-engine-'));
    makeDist({ at: join(root, 'dist') });
  });
  afterAll(() => removeDir(root));

  async function token(port: number): Promise<string> {
    return (await http({ port, path: '/api/runtime' })).json().token as string;
  }

  it('lets a run finish within SHUTDOWN_TIMEOUT_MS, then exits 0', async () => {
    const p = spawnMain(root, { PORT: '0', SHUTDOWN_TIMEOUT_MS: '20000' });
    const port = await listening(p);
    const run = streamPost(port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': read('solution') } }, { 'x-course-token': await token(port) });
    await new Promise((r) => setTimeout(r, 200));
    p.child.kill('SIGTERM');
    const done = await run;
    expect(done.events.at(-1)!.event['results']).toMatchObject({ status: 'pass' });
    expect(await p.exit).toEqual({ code: 0, signal: null });
  });

  it('stops a run that outlasts SHUTDOWN_TIMEOUT_MS, kills its processes, exits 0', async () => {
    const mark = marker();
    const p = spawnMain(root, { PORT: '0', SHUTDOWN_TIMEOUT_MS: '300', RUNNER_TIMEOUT_MS: '60000' });
    const port = await listening(p);
    const run = streamPost(port, '/api/runs', { exercise: EXERCISE, files: { 'server.js': endlessLoop(mark) } }, { 'x-course-token': await token(port) });
    expect((await waitFor(() => processesWith(mark), (pids) => pids.length > 0, 10000)).length).toBeGreaterThan(0);
    p.child.kill('SIGTERM');
    const done = await run;
    expect(done.events.at(-1)!.event['results']).toMatchObject({ status: 'error', message: expect.stringMatching(/shutting down/) });
    expect(await p.exit).toEqual({ code: 0, signal: null });
    expect(await waitFor(() => processesWith(mark), (pids) => pids.length === 0, 1000)).toEqual([]);
    expect(p.stdout()).toContain('"event":"stopped","forced":true');
  });
});
