/**
 * The runner API's defences, each checked with real HTTP requests against a
 * started server (node:http, so Host/Origin can be set freely). The engine is
 * replaced by a fake; engine.test.ts covers the real one.
 */
import { Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { FakeRunner, http, makeDist, ndjson, post, removeDir, start, testConfig, TOKEN, type Started } from './helpers.ts';

let dist: string;
beforeAll(() => {
  dist = makeDist();
});
afterAll(() => removeDir(dist));

describe('runner API guard', () => {
  let s: Started;
  let runner: FakeRunner;
  beforeAll(async () => {
    runner = new FakeRunner();
    s = await start(testConfig(dist, { RUNNER_MAX_BODY_BYTES: '2048' }), runner);
  });
  afterAll(() => s.close());

  it('GET /api/runtime gives the token, limits and Node version, with no CORS header and no caching', async () => {
    const r = await http({ port: s.port, path: '/api/runtime' });
    expect(r.status).toBe(200);
    const body = r.json();
    expect(body).toMatchObject({ runtime: 'local', token: TOKEN, node: process.version });
    expect(body.limits).toEqual({ timeoutMs: 30000, maxOutputBytes: 1048576, maxBodyBytes: 2048, maxConcurrent: 2 });
    // Which containment is in force, in words the workbench shows as they are.
    expect(['sandbox', 'process-group']).toContain(body.containment.level);
    expect(body.containment.description).toMatch(/^(Sandboxed with bubblewrap|Not sandboxed)/);
    expect(r.headers['access-control-allow-origin']).toBeUndefined();
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(r.headers['cross-origin-embedder-policy']).toBe('credentialless');
    expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('accepts the loopback aliases of the bound host on its port', async () => {
    for (const host of [`localhost:${s.port}`, `127.0.0.1:${s.port}`, `[::1]:${s.port}`, `LOCALHOST:${s.port}`]) {
      const r = await http({ port: s.port, path: '/api/runtime', headers: { host } });
      expect(r.status, host).toBe(200);
    }
  });

  it('refuses a foreign Host (DNS rebinding) with 403', async () => {
    for (const host of ['evil.example', `evil.example:${s.port}`, `127.0.0.1:${s.port + 1}`, `127.0.0.1`, `localhost.evil.example:${s.port}`, `127.0.0.1:${s.port}@evil`]) {
      const r = await http({ port: s.port, path: '/api/runtime', headers: { host } });
      expect(r.status, host).toBe(403);
      expect(r.json().error).toMatch(/Host/);
      expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
    }
    const run = await post(s.port, '/api/runs', { exercise: 'demo', files: {} }, { host: `evil.example:${s.port}`, origin: `http://evil.example:${s.port}` });
    expect(run.status).toBe(403);
  });

  it('refuses a cross-origin Origin with 403, accepts its own', async () => {
    for (const origin of ['http://evil.example', `http://localhost:${s.port}`, `http://127.0.0.1:${s.port + 1}`, 'null', `http://127.0.0.1:${s.port}/x`, `file://`]) {
      const r = await http({ port: s.port, path: '/api/runtime', headers: { origin } });
      expect(r.status, origin).toBe(403);
      expect(r.headers['access-control-allow-origin']).toBeUndefined();
    }
    expect((await http({ port: s.port, path: '/api/runtime', headers: { origin: `http://127.0.0.1:${s.port}` } })).status).toBe(200);
    const cross = await post(s.port, '/api/runs', { exercise: 'demo', files: {} }, { origin: 'http://evil.example' });
    expect(cross.status).toBe(403);
  });

  it('refuses Sec-Fetch-Site cross-site and same-site with 403, accepts same-origin and none', async () => {
    for (const site of ['cross-site', 'same-site']) {
      const r = await http({ port: s.port, path: '/api/runtime', headers: { 'sec-fetch-site': site } });
      expect(r.status, site).toBe(403);
    }
    for (const site of ['same-origin', 'none']) {
      expect((await http({ port: s.port, path: '/api/runtime', headers: { 'sec-fetch-site': site } })).status, site).toBe(200);
    }
    const run = await post(s.port, '/api/runs', { exercise: 'demo', files: {} }, { 'sec-fetch-site': 'cross-site' });
    expect(run.status).toBe(403);
  });

  it('needs the right X-Course-Token to run anything', async () => {
    const calls = runner.calls.length;
    const missing = await post(s.port, '/api/runs', { exercise: 'demo', files: {} }, { 'x-course-token': '' });
    expect(missing.status).toBe(403);
    expect(missing.json().error).toMatch(/X-Course-Token/);
    const wrong = await post(s.port, '/api/runs', { exercise: 'demo', files: {} }, { 'x-course-token': TOKEN.replace(/.$/, 'X') });
    expect(wrong.status).toBe(403);
    const short = await post(s.port, '/api/apps', { exercise: 'demo', files: {} }, { 'x-course-token': 'x' });
    expect(short.status).toBe(403);
    const del = await http({ port: s.port, method: 'DELETE', path: '/api/apps/abc' });
    expect(del.status).toBe(403);
    expect(runner.calls.length).toBe(calls);
  });

  it('runs with the token and streams NDJSON: output, then one result', async () => {
    const r = await post(s.port, '/api/runs', { exercise: 'demo', files: { 'server.js': 'ok' } });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['cross-origin-embedder-policy']).toBe('credentialless');
    const events = ndjson(r.text);
    expect(events[0]).toEqual({ type: 'output', data: 'running tests\n' });
    expect(events.at(-1)).toMatchObject({ type: 'result', results: { version: 3, status: 'pass' } });
    const call = runner.calls.at(-1)!;
    expect(call.limits).toEqual({ timeoutMs: 30000, maxOutputBytes: 1048576 });
    expect(call.files).toEqual({ 'server.js': 'ok' });
  });

  it('refuses a declared body over RUNNER_MAX_BODY_BYTES with 413', async () => {
    const r = await post(s.port, '/api/runs', { exercise: 'demo', files: { 'server.js': 'x'.repeat(4000) } });
    expect(r.status).toBe(413);
    expect(r.json().error).toMatch(/RUNNER_MAX_BODY_BYTES/);
  });

  it('refuses a chunked body that grows past the cap with 413, without reading it all', async () => {
    const port = s.port;
    const reply = await new Promise<string>((resolve, reject) => {
      const socket = new Socket();
      let got = '';
      socket.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nX-Course-Token: ${TOKEN}\r\nTransfer-Encoding: chunked\r\n\r\n`,
        );
        const chunk = 'x'.repeat(1000);
        // Send a little over the cap, then keep the request open: the server must answer anyway.
        for (let i = 0; i < 3; i++) socket.write(`${chunk.length.toString(16)}\r\n${chunk}\r\n`);
      });
      socket.on('data', (d) => {
        got += d.toString();
        if (got.includes('\r\n\r\n') && got.includes('}')) {
          socket.destroy();
          resolve(got);
        }
      });
      socket.on('error', reject);
      setTimeout(() => reject(new Error(`no answer; got ${JSON.stringify(got)}`)), 3000).unref();
    });
    expect(reply).toMatch(/^HTTP\/1\.1 413 /);
    expect(reply.toLowerCase()).toContain('connection: close');
  });

  it('answers 415 to a body that is not JSON, 400 to bad JSON or a bad shape', async () => {
    const text = await post(s.port, '/api/runs', {}, { 'content-type': 'text/plain' });
    expect(text.status).toBe(415);
    const bad = await http({ port: s.port, method: 'POST', path: '/api/runs', headers: { 'content-type': 'application/json', 'x-course-token': TOKEN }, body: '{"exercise":' });
    expect(bad.status).toBe(400);
    expect(bad.json().error).toMatch(/not valid JSON/);
    const shape = await post(s.port, '/api/runs', { exercise: 'demo', files: { 'a.js': 42 } });
    expect(shape.status).toBe(400);
    expect(shape.json().error).toMatch(/files\.a\.js/);
    const id = await post(s.port, '/api/runs', { exercise: '../../etc', files: {} });
    expect(id.status).toBe(400);
  });

  it('refuses path traversal and absolute paths in files with 400', async () => {
    const calls = runner.calls.length;
    for (const path of ['../x', '/etc/passwd', 'a/../../b', '..']) {
      const r = await post(s.port, '/api/runs', { exercise: 'demo', files: { [path]: 'x' } });
      expect(r.status, path).toBe(400);
      expect(r.json().error).toContain(JSON.stringify(path));
      expect(r.headers['content-type']).toBe('application/json; charset=utf-8');
    }
    expect(runner.calls.length).toBe(calls);
  });

  it('answers 404 to an unknown exercise or endpoint, 405 to a wrong method (with Allow)', async () => {
    expect((await post(s.port, '/api/runs', { exercise: 'nope', files: {} })).status).toBe(404);
    expect((await http({ port: s.port, path: '/api/nothing' })).status).toBe(404);
    const get = await http({ port: s.port, path: '/api/runs' });
    expect(get.status).toBe(405);
    expect(get.headers['allow']).toBe('POST');
    const put = await http({ port: s.port, method: 'PUT', path: '/api/runtime' });
    expect(put.status).toBe(405);
    expect(put.headers['allow']).toBe('GET, HEAD');
  });
});

describe('runner API limits', () => {
  let s: Started;
  let runner: FakeRunner;
  beforeAll(async () => {
    runner = new FakeRunner();
    s = await start(testConfig(dist, { RUNNER_MAX_CONCURRENT: '1', RUNNER_MAX_OUTPUT_BYTES: '65536' }), runner);
  });
  afterAll(() => s.close());
  afterEach(() => runner.release());

  it('refuses a run beyond RUNNER_MAX_CONCURRENT with 429, and accepts again once one finishes', async () => {
    const first = post(s.port, '/api/runs', { exercise: 'demo', files: { hold: '' } });
    await expect.poll(() => runner.holding).toBe(1);
    const second = await post(s.port, '/api/runs', { exercise: 'demo', files: {} });
    expect(second.status).toBe(429);
    expect(second.headers['retry-after']).toBe('1');
    expect(second.json().error).toMatch(/RUNNER_MAX_CONCURRENT/);
    runner.release();
    expect((await first).status).toBe(200);
    expect((await post(s.port, '/api/runs', { exercise: 'demo', files: {} })).status).toBe(200);
  });

  it('stops a run whose client goes away', async () => {
    const before = runner.aborted.length;
    const port = s.port;
    await new Promise<void>((resolve) => {
      const socket = new Socket();
      const body = JSON.stringify({ exercise: 'demo', files: { hold: '' } });
      socket.connect(port, '127.0.0.1', () => {
        socket.write(
          `POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nX-Course-Token: ${TOKEN}\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        );
      });
      socket.once('data', () => {
        socket.destroy();
        resolve();
      });
    });
    await expect.poll(() => runner.aborted.length).toBe(before + 1);
    // The slot is free again.
    await expect.poll(async () => (await post(s.port, '/api/runs', { exercise: 'demo', files: {} })).status).toBe(200);
  });

  it('stops forwarding at RUNNER_MAX_OUTPUT_BYTES even if the engine does not', async () => {
    const r = await post(s.port, '/api/runs', { exercise: 'demo', files: { flood: '' } });
    expect(r.status).toBe(200);
    expect(r.body.length).toBeLessThan(65536 * 1.3);
    const events = ndjson(r.text);
    expect(events.some((e) => e.type === 'output' && /output stopped: more than 65536 bytes/.test(e.data))).toBe(true);
    expect(events.at(-1)).toMatchObject({ type: 'result', results: { status: 'error', message: expect.stringMatching(/more output than/) } });
    expect(runner.aborted.at(-1)?.files).toHaveProperty('flood');
  });
});

describe('runner off', () => {
  it('RUNNER=off answers 503 on every API route, and the site still serves', async () => {
    const runner = new FakeRunner();
    const s = await start(testConfig(dist, { RUNNER: 'off' }), runner);
    try {
      const info = await http({ port: s.port, path: '/api/runtime' });
      expect(info.status).toBe(503);
      expect(info.json().error).toMatch(/RUNNER=off/);
      expect(info.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect((await post(s.port, '/api/runs', { exercise: 'demo', files: {} })).status).toBe(503);
      expect(runner.calls).toHaveLength(0);
      expect((await http({ port: s.port, path: '/' })).status).toBe(200);
    } finally {
      await s.close();
    }
  });

  it('a non-loopback HOST without RUNNER_ALLOW_REMOTE turns the runner off (503), even with a runner given', async () => {
    const runner = new FakeRunner();
    const config = testConfig(dist, { HOST: '0.0.0.0' });
    expect(config.runnerEnabled).toBe(false);
    expect(config.runnerOffReason).toMatch(/RUNNER_ALLOW_REMOTE/);
    const s = await start(config, runner);
    try {
      const info = await http({ port: s.port, path: '/api/runtime' });
      expect(info.status).toBe(503);
      expect(info.json().error).toMatch(/RUNNER_ALLOW_REMOTE/);
      expect((await post(s.port, '/api/runs', { exercise: 'demo', files: {} })).status).toBe(503);
      expect(runner.calls).toHaveLength(0);
    } finally {
      await s.close();
    }
  });

  it('with RUNNER_ALLOW_REMOTE=true on 0.0.0.0 the runner answers, still only to known Host names', async () => {
    const s = await start(testConfig(dist, { HOST: '0.0.0.0', RUNNER_ALLOW_REMOTE: 'true', RUNNER_ALLOWED_HOSTS: 'course.workshop.lan' }), new FakeRunner());
    try {
      expect((await http({ port: s.port, path: '/api/runtime' })).status).toBe(200);
      expect((await http({ port: s.port, path: '/api/runtime', headers: { host: 'course.workshop.lan' } })).status).toBe(200);
      expect((await http({ port: s.port, path: '/api/runtime', headers: { host: `course.workshop.lan:${s.port}` } })).status).toBe(200);
      expect((await http({ port: s.port, path: '/api/runtime', headers: { host: `attacker.example:${s.port}` } })).status).toBe(403);
    } finally {
      await s.close();
    }
  });
});
