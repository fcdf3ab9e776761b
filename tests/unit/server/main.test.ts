/**
 * The real entry, `node src/server/main.ts`, as a child process: start-up
 * validation, logs, graceful shutdown.
 */
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http, listening, makeDist, removeDir, spawnMain } from './helpers.ts';

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'tfc-main-'));
  makeDist({ at: join(root, 'dist'), extra: { 'big.bin': Buffer.alloc(24 * 1024 * 1024, 7) } });
});
afterAll(() => removeDir(root));

describe('node src/server/main.ts', () => {
  it.each([
    [{ PORT: 'abc' }, 'PORT'],
    [{ PORT: '70000' }, 'PORT'],
    [{ HOST: 'bad host!' }, 'HOST'],
    [{ HOST: '0.0.0.0', RUNNER: 'on' }, 'RUNNER_ALLOW_REMOTE'],
  ])('exits 1 on bad configuration %j, naming %s', async (env, name) => {
    const p = spawnMain(root, env);
    const { code } = await p.exit;
    expect(code).toBe(1);
    expect(p.stderr()).toContain(`${name}:`);
    const event = JSON.parse(p.stdout().trim().split('\n')[0]!) as Record<string, unknown>;
    expect(event).toMatchObject({ level: 'error', event: 'config-invalid' });
    expect(JSON.stringify(event['problems'])).toContain(name);
  });

  it('exits 1 with a clear message when there is no built site', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'tfc-empty-'));
    try {
      const p = spawnMain(empty, { PORT: '0', RUNNER: 'off' });
      expect((await p.exit).code).toBe(1);
      expect(p.stderr()).toMatch(/npm run build/);
    } finally {
      removeDir(empty);
    }
  });

  it('logs JSON events on stdout, prints a human line, serves, and exits 0 on SIGTERM', async () => {
    const p = spawnMain(root, { PORT: '0', RUNNER: 'off' });
    const port = await listening(p);
    // stdout and stderr are separate pipes: the human line may arrive just after the listening event.
    await expect.poll(() => p.stderr()).toContain(`Course running at http://127.0.0.1:${port}/`);
    const r = await http({ port, path: '/' });
    expect(r.status).toBe(200);
    expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
    p.child.kill('SIGTERM');
    expect(await p.exit).toEqual({ code: 0, signal: null });
    const lines = p.stdout().trim().split('\n');
    const events = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    for (const e of events) {
      expect(typeof e['time']).toBe('string');
      expect(['debug', 'info', 'warn', 'error']).toContain(e['level']);
      expect(typeof e['event']).toBe('string');
    }
    // The request's log line may come just after `shutdown` (the client can have every byte before the
    // server sees its response finish), but it is never lost.
    expect([...events.map((e) => e['event'])].sort()).toEqual(['listening', 'request', 'shutdown', 'stopped']);
    expect(events[0]).toMatchObject({ event: 'listening', url: `http://127.0.0.1:${port}/`, runner: 'off' });
    expect(events.at(-1)).toMatchObject({ event: 'stopped', forced: false });
    expect(events.find((e) => e['event'] === 'request')).toMatchObject({ method: 'GET', path: '/', status: 200 });
  });

  it('finishes a slow request in flight on SIGTERM, refuses new connections, then exits 0', async () => {
    const p = spawnMain(root, { PORT: '0', RUNNER: 'off', SHUTDOWN_TIMEOUT_MS: '20000' });
    const port = await listening(p);
    let received = 0;
    const done = new Promise<{ status: number; complete: boolean }>((resolveDone, reject) => {
      const req = request({ host: '127.0.0.1', port, path: '/big.bin', agent: false }, (res) => {
        res.pause(); // a slow client: the server cannot finish until we read
        setTimeout(() => {
          p.child.kill('SIGTERM');
          setTimeout(() => {
            res.on('data', (c: Buffer) => (received += c.length));
            res.on('end', () => resolveDone({ status: res.statusCode ?? 0, complete: res.complete }));
            res.resume();
          }, 300);
        }, 100);
      });
      req.on('error', reject);
      req.end();
    });
    // While the request is in flight, the server has stopped accepting: once it has logged that it is
    // shutting down (a fixed pause is not enough on a busy machine).
    await expect.poll(() => p.stdout(), { timeout: 10_000 }).toContain('"event":"shutdown"');
    await new Promise((r) => setTimeout(r, 50));
    await expect(http({ port, path: '/' })).rejects.toThrow(/ECONNREFUSED/);
    expect(p.child.exitCode).toBeNull();
    expect(await done).toEqual({ status: 200, complete: true });
    expect(received).toBe(24 * 1024 * 1024);
    expect(await p.exit).toEqual({ code: 0, signal: null });
  });

  it('a second SIGTERM stops waiting for a slow request and exits 0', async () => {
    const p = spawnMain(root, { PORT: '0', RUNNER: 'off', SHUTDOWN_TIMEOUT_MS: '60000' });
    const port = await listening(p);
    const req = request({ host: '127.0.0.1', port, path: '/big.bin', agent: false }, (res) => {
      res.pause(); // a slow client
      p.child.kill('SIGTERM');
      setTimeout(() => p.child.kill('SIGTERM'), 200);
    });
    req.on('error', () => undefined);
    req.end();
    const started = Date.now();
    expect(await p.exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(5000);
    req.destroy();
    expect(p.stdout()).toContain('"event":"shutdown-hurry"');
    expect(p.stdout()).toContain('"event":"stopped","forced":true');
  });
});
