/** The harness's process helpers, used directly (as hidden tests use them), with real child processes. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { explainNotListening } from '../../../exercises/_harness/diagnose.mjs';
import { freePort, waitForPort } from '../../../exercises/_harness/net.mjs';
import { killAllApps, startApp } from '../../../exercises/_harness/process.mjs';
import { sendSignal, signalSupport } from '../../../exercises/_harness/signals.mjs';
import { leftovers, processesWith, removeDir } from '../engine/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tfc-harness-test-'));
const write = (name: string, content: string) => writeFileSync(path.join(dir, name), content);
write('package.json', '{ "type": "module" }');
write('server.js', "import http from 'node:http';\nhttp.createServer((q, r) => r.end('hi')).listen(Number(process.env.PORT), () => console.log('up on ' + process.env.PORT));\n");
write('elsewhere.js', "import http from 'node:http';\nhttp.createServer().listen(0);\n");
write('noisy.js', "const spam = () => { process.stdout.write('z'.repeat(5000) + '\\n'); setImmediate(spam); };\nspam();\n");
write('graceful.js', "process.on('SIGTERM', () => { console.log('got SIGTERM'); process.exit(0); });\nsetInterval(() => {}, 1000);\nconsole.log('ready');\n");

afterEach(() => killAllApps());
afterAll(() => removeDir(dir));

describe('startApp', () => {
  it('starts an app with exactly the given environment and sees it listen', async () => {
    const port = await freePort();
    const app = await startApp(null, { command: ['node', 'server.js'], env: { PORT: String(port) }, cwd: dir });
    const ready = await waitForPort(port, { app, timeoutMs: 5000 });
    expect(ready.ok).toBe(true);
    expect(await app.waitForOutput(`up on ${port}`, { timeoutMs: 2000 })).toBe(`up on ${port}`);
    expect(app.observerLoaded()).toBe(true);
    expect(app.listening().map((e) => e.port)).toEqual([port]);
    expect(Object.keys(app.env).sort()).toEqual(['PATH', 'PORT', 'TFC_LISTEN_LOG']);
    await app.stop();
    expect(app.running).toBe(false);
  });

  it('gives up early, with an explanation, when the app listens somewhere else', async () => {
    const port = await freePort();
    const app = await startApp(null, { command: ['node', 'elsewhere.js'], env: { PORT: String(port) }, cwd: dir });
    const started = Date.now();
    const ready = await waitForPort(port, { app, timeoutMs: 5000, elsewhereGraceMs: 300 });
    expect(ready).toMatchObject({ ok: false, reason: 'elsewhere' });
    expect(Date.now() - started).toBeLessThan(3000);
    expect(explainNotListening(app, port)).toMatch(/your app is listening on port \d+ instead\./);
  });

  it('explains an app that exits without listening', async () => {
    write('exits.js', '// nothing to do\n');
    const port = await freePort();
    const app = await startApp(null, { command: ['node', 'exits.js'], env: { PORT: String(port) }, cwd: dir });
    const ready = await waitForPort(port, { app, timeoutMs: 5000 });
    expect(ready).toMatchObject({ ok: false, reason: 'exited' });
    expect(explainNotListening(app, port)).toContain('exited with code 0 right after starting, without ever listening');
  });

  it('caps the output of an app that prints without end', async () => {
    const app = await startApp(null, { command: ['node', 'noisy.js'], cwd: dir, maxOutputBytes: 4000 });
    // Wait for the cap to be reached (a fixed pause is too short on a busy machine), then check it held.
    await expect.poll(() => app.output(), { timeout: 15_000 }).toContain('left out');
    await new Promise((r) => setTimeout(r, 300));
    expect(app.output().length).toBeLessThan(4200);
    await app.stop();
  });

  it('stops the whole process tree, also children that left the group', async () => {
    const marker = `tfc-child-${randomUUID()}`;
    write('spawner.js', `import { spawn } from 'node:child_process';\nspawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '${marker}'], { detached: true, stdio: 'ignore', env: {} });\nsetInterval(() => {}, 1000);\nconsole.log('spawned');\n`);
    const app = await startApp(null, { command: ['node', 'spawner.js'], cwd: dir });
    expect(await app.waitForOutput('spawned', { timeoutMs: 3000 })).toBe('spawned');
    // The detached child may take a moment to exist on a busy machine.
    await expect.poll(() => processesWith(marker).length, { timeout: 10_000 }).toBe(1);
    await app.stop();
    await new Promise((r) => setTimeout(r, 100));
    expect(await leftovers(marker)).toEqual([]);
  });

  it('registers the app with a test context so it is stopped when the check ends', async () => {
    const hooks: (() => unknown)[] = [];
    const t = { after: (fn: () => unknown) => hooks.push(fn) };
    const app = await startApp(t as never, { command: ['node', 'graceful.js'], cwd: dir });
    expect(hooks.length).toBe(1);
    await hooks[0]?.();
    expect(app.running).toBe(false);
  });
});

describe('signals', () => {
  it('detects that this platform delivers SIGTERM, and delivers it', async () => {
    expect(await signalSupport('SIGTERM')).toEqual({ supported: true });
    const app = await startApp(null, { command: ['node', 'graceful.js'], cwd: dir });
    await app.waitForOutput('ready', { timeoutMs: 3000 });
    await sendSignal(app, 'SIGTERM');
    expect(await app.waitForExit(3000)).toEqual({ code: 0, signal: null });
    expect(app.output()).toContain('got SIGTERM');
  });
});
