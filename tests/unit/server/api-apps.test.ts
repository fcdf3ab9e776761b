/** "Run app" through the API: start (NDJSON stream), proxied requests, stop, limits. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeRunner, http, makeDist, ndjson, openApp, post, removeDir, start, testConfig, TOKEN, type Started } from './helpers.ts';

describe('apps', () => {
  let dist: string;
  let s: Started;
  let runner: FakeRunner;
  beforeAll(async () => {
    dist = makeDist();
    runner = new FakeRunner();
    s = await start(testConfig(dist, { RUNNER_MAX_CONCURRENT: '1' }), runner);
  });
  afterAll(async () => {
    await s.close();
    removeDir(dist);
  });

  it('starts an app, proxies requests to it, stops it on DELETE', async () => {
    const app = openApp(s.port, { exercise: 'demo', files: { 'server.js': '' } });
    const id = await app.started;
    expect(app.status()).toBe(200);
    // Output streams live; `started` comes once the app accepts connections.
    expect(app.events).toEqual([
      { type: 'output', data: 'booting\n' },
      { type: 'output', data: 'listening\n' },
      { type: 'started', id },
    ]);

    const r = await post(s.port, `/api/apps/${id}/request`, { method: 'GET', path: '/health?x=1', headers: { 'x-test': 'yes', host: 'evil', connection: 'upgrade' } });
    expect(r.status).toBe(200);
    const answer = r.json();
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('application/json');
    expect(JSON.parse(answer.body)).toMatchObject({ method: 'GET', url: '/health?x=1', header: 'yes' });
    expect(JSON.parse(answer.body).host).toMatch(/^127\.0\.0\.1:\d+$/);

    const second = await post(s.port, '/api/apps', { exercise: 'demo', files: {} });
    expect(second.status).toBe(429);

    const del = await http({ port: s.port, method: 'DELETE', path: `/api/apps/${id}`, headers: { 'x-course-token': TOKEN } });
    expect(del.status).toBe(200);
    expect(del.json()).toEqual({ stopped: true });
    await app.ended;
    expect(app.events.at(-1)).toEqual({ type: 'exited', code: null, reason: 'requested' });

    expect((await http({ port: s.port, method: 'DELETE', path: `/api/apps/${id}`, headers: { 'x-course-token': TOKEN } })).status).toBe(404);
    expect((await post(s.port, `/api/apps/${id}/request`, { method: 'GET', path: '/' })).status).toBe(404);
  });

  it('validates proxied requests: only a path on the app, never another host', async () => {
    const app = openApp(s.port, { exercise: 'demo', files: {} });
    const id = await app.started;
    for (const path of ['http://evil.example/', '//evil.example/x', 'health', '/a b']) {
      expect((await post(s.port, `/api/apps/${id}/request`, { method: 'GET', path })).status, path).toBe(400);
    }
    expect((await post(s.port, `/api/apps/${id}/request`, { method: 'get /x', path: '/' })).status).toBe(400);
    expect((await post(s.port, `/api/apps/${id}/request`, { method: 'GET', path: '/' }, { 'x-course-token': 'no' })).status).toBe(403);
    app.abort();
    await app.ended;
  });

  it('stops an app when its stream is closed by the client', async () => {
    const app = openApp(s.port, { exercise: 'demo', files: {} });
    const id = await app.started;
    app.abort();
    await expect.poll(async () => (await post(s.port, `/api/apps/${id}/request`, { method: 'GET', path: '/' })).status).toBe(404);
    // The slot is free again.
    const next = openApp(s.port, { exercise: 'demo', files: {} });
    await next.started;
    next.abort();
  });

  it('reports an app that cannot start as an error event after its output', async () => {
    await expect.poll(async () => {
      const r = await post(s.port, '/api/apps', { exercise: 'demo', files: { crash: '' } });
      return r.status === 200 ? ndjson(r.text) : r.status;
    }).toEqual([
      { type: 'output', data: 'booting\n' },
      { type: 'error', message: 'Your app exited with code 1 before it listened on PORT.' },
    ]);
  });

  it('says so when the app runs but does not accept connections, and still gives its id', async () => {
    const app = openApp(s.port, { exercise: 'demo', files: { 'not-listening': '' } });
    const id = await app.started;
    expect(app.events.at(-2)?.['data']).toMatch(/does not accept connections on port \d+/);
    app.abort();
    await app.ended;
    await expect.poll(async () => (await post(s.port, `/api/apps/${id}/request`, { method: 'GET', path: '/' })).status).toBe(404);
  });

  it('refuses an exercise without an app with 400', async () => {
    const r = await post(s.port, '/api/apps', { exercise: 'no-app', files: {} });
    expect(r.status).toBe(400);
  });

  it('stops running apps on shutdown', async () => {
    const dist2 = makeDist();
    const s2 = await start(testConfig(dist2), new FakeRunner());
    try {
      const app = openApp(s2.port, { exercise: 'demo', files: {} });
      await app.started;
      const result = await s2.server.shutdown(2000);
      await app.ended;
      expect(app.events.at(-1)).toEqual({ type: 'exited', code: null, reason: 'shutdown' });
      expect(result.forced).toBe(false);
    } finally {
      removeDir(dist2);
    }
  });
});
