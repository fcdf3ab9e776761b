import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readLearnerFile, scanFiles, stripComments, walkFiles } from '../../../exercises/_harness/files.mjs';
import { freePort, freePorts, isPortFree, request, waitForPort } from '../../../exercises/_harness/net.mjs';
import { startKeyValueStub, startQueueStub } from '../../../exercises/_harness/stubs.mjs';
import { removeDir } from '../engine/fixtures.ts';

describe('network helpers', () => {
  it('finds free ports', async () => {
    const ports = await freePorts(3);
    expect(new Set(ports).size).toBe(3);
    expect(await isPortFree(ports[0] as number)).toBe(true);
  });

  it('times out waiting for a port nobody opens', async () => {
    const started = Date.now();
    const result = await waitForPort(await freePort(), { timeoutMs: 300 });
    expect(result).toMatchObject({ ok: false, reason: 'timeout' });
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('explains a refused connection and a request that never gets an answer', async () => {
    const port = await freePort();
    await expect(request({ port, path: '/health' })).rejects.toThrow(`GET http://localhost:${port}/health: connection refused (nothing is listening on port ${port}).`);
    const silent = http.createServer(() => {
      // never answers
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const { port: silentPort } = silent.address() as { port: number };
    const started = Date.now();
    await expect(request({ port: silentPort, timeoutMs: 300 })).rejects.toThrow('no answer within 0.3 s');
    expect(Date.now() - started).toBeLessThan(2000);
    silent.closeAllConnections();
    silent.close();
  });
});

describe('stub backing services', () => {
  it('key-value store: stores, answers and records every request', async () => {
    const kv = await startKeyValueStub(null, { greeting: 'hello' });
    try {
      expect((await request({ port: kv.port, path: '/keys/greeting' })).body).toBe('hello');
      expect((await request({ port: kv.port, method: 'PUT', path: '/keys/a%20b', body: 'v1' })).status).toBe(204);
      expect((await request({ port: kv.port, path: '/keys' })).json()).toEqual(['greeting', 'a b']);
      expect((await request({ port: kv.port, path: '/keys/missing' })).status).toBe(404);
      expect(kv.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /keys/greeting', 'PUT /keys/a%20b', 'GET /keys', 'GET /keys/missing']);
      expect(kv.url).toBe(`http://127.0.0.1:${kv.port}`);
    } finally {
      await kv.close();
    }
  });

  it('job queue: hands out each job once, takes acks and releases', async () => {
    const queue = await startQueueStub(null);
    try {
      const post = (p: string, body?: string) => request({ port: queue.port, method: 'POST', path: p, ...(body ? { body } : {}) });
      expect((await post('/queues/mail/jobs', '{"to":"a"}')).json()).toEqual({ id: '1' });
      queue.push('mail', { to: 'b' });
      const first = (await post('/queues/mail/reserve')).json() as { id: string };
      expect(first).toEqual({ id: '1', payload: { to: 'a' } });
      expect((await post(`/jobs/${first.id}/release`)).status).toBe(204);
      expect(((await post('/queues/mail/reserve')).json() as { id: string }).id).toBe('1');
      await post('/jobs/1/ack');
      await post('/queues/mail/reserve');
      await post('/jobs/2/ack');
      expect((await post('/queues/mail/reserve')).status).toBe(204);
      expect(queue.jobs.map((j) => [j.id, j.state, j.reservations, j.acks])).toEqual([
        ['1', 'done', 2, 1],
        ['2', 'done', 1, 1],
      ]);
      expect((await request({ port: queue.port, path: '/queues/mail' })).json()).toEqual({ pending: 0, reserved: 0, done: 2 });
    } finally {
      await queue.close();
    }
  });
});

describe('learner files', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'tfc-files-'));
  mkdirSync(path.join(dir, 'lib'));
  mkdirSync(path.join(dir, 'node_modules', 'x'), { recursive: true });
  writeFileSync(path.join(dir, 'server.js'), "// const key = 'sk_live_commented';\nconst url = 'https://x'; /* sk_live_block */\nconst key = 'sk_live_real';\n");
  writeFileSync(path.join(dir, 'lib', 'a.mjs'), "const s = '// not a comment sk_live_in_string';\n");
  writeFileSync(path.join(dir, 'node_modules', 'x', 'index.js'), "'sk_live_vendored'");
  afterAll(() => removeDir(dir));

  it('walks files, skipping node_modules', () => {
    expect(walkFiles(dir)).toEqual(['lib/a.mjs', 'server.js']);
    expect(readLearnerFile('server.js', dir)).toContain('sk_live_real');
    expect(readLearnerFile('nope.js', dir)).toBeNull();
  });

  it('finds patterns with file and line, ignoring comments but not strings', () => {
    const found = scanFiles(/sk_live_\w+/, { dir });
    expect(found.map((f) => `${f.file}:${f.line}:${f.match}`)).toEqual(['lib/a.mjs:1:sk_live_in_string', 'server.js:3:sk_live_real']);
    expect(scanFiles(/sk_live_\w+/, { dir, comments: true }).length).toBe(4);
  });

  it('blanks comments but keeps line numbers', () => {
    expect(stripComments('a /* x\ny */ b // z\nc')).toBe('a     \n     b     \nc');
  });
});
