/**
 * Waiting on an app's listen() calls: waitForPort's early "it listens elsewhere",
 * listenSettled(), and freePort() handing out distinct ports. These decide how
 * soon a check may judge an app, so they must not give up while a listen() is
 * still coming.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { freePort, listenSettled, waitForPort } from '../../../exercises/_harness/net.mjs';
import { killAllApps, startApp } from '../../../exercises/_harness/process.mjs';
import { removeDir } from '../engine/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tfc-listen-activity-'));
const write = (name: string, content: string) => writeFileSync(path.join(dir, name), content);
write('package.json', '{ "type": "module" }');
// Listens on a random port, another one 300 ms later, and on PORT 300 ms after that.
write(
  'staggered.js',
  "import http from 'node:http';\nconst later = (ms, port) => setTimeout(() => http.createServer().listen(port), ms);\nhttp.createServer().listen(0);\nlater(300, 0);\nlater(600, Number(process.env.PORT));\n",
);
// Listens on a random port, then on PORT with a host name whose lookup takes 700 ms: that listen() is under way meanwhile.
write(
  'slow-lookup.js',
  "import dns from 'node:dns';\nimport http from 'node:http';\nconst lookup = dns.lookup;\ndns.lookup = (...args) => setTimeout(() => lookup(...args), 700);\nhttp.createServer().listen(0);\nhttp.createServer().listen(Number(process.env.PORT), 'localhost');\n",
);
// Listens on PORT, and on a random port 150 ms later.
write('second-listen.js', "import http from 'node:http';\nhttp.createServer().listen(Number(process.env.PORT));\nsetTimeout(() => http.createServer().listen(0), 150);\n");

afterEach(() => killAllApps());
afterAll(() => removeDir(dir));

describe('waitForPort: "listens elsewhere" only once the app is done calling listen()', () => {
  it('counts the grace from the last listen activity, not from the first other port', async () => {
    const port = await freePort();
    const app = await startApp(null, { command: ['node', 'staggered.js'], env: { PORT: String(port) }, cwd: dir });
    // From the first other port, 500 ms would run out before the app listens on PORT (600 ms in).
    const ready = await waitForPort(port, { app, timeoutMs: 5000, elsewhereGraceMs: 500 });
    expect(ready.ok).toBe(true);
  });

  it('does not give up while a listen() is under way', async () => {
    const port = await freePort();
    const app = await startApp(null, { command: ['node', 'slow-lookup.js'], env: { PORT: String(port) }, cwd: dir });
    const ready = await waitForPort(port, { app, timeoutMs: 5000, elsewhereGraceMs: 200 });
    expect(ready.ok).toBe(true);
    expect(ready.elapsedMs).toBeGreaterThanOrEqual(500);
  });

  it('still gives up early on an app that is done and listens elsewhere', async () => {
    write('elsewhere.js', "import http from 'node:http';\nhttp.createServer().listen(0);\n");
    const port = await freePort();
    const app = await startApp(null, { command: ['node', 'elsewhere.js'], env: { PORT: String(port) }, cwd: dir });
    const ready = await waitForPort(port, { app, timeoutMs: 5000, elsewhereGraceMs: 200 });
    expect(ready).toMatchObject({ ok: false, reason: 'elsewhere' });
    expect(ready.elapsedMs).toBeLessThan(2500);
    expect(app.listenActivity()).toMatchObject({ pending: 0, lastAt: expect.any(Number) });
  });
});

describe('listenSettled', () => {
  it('waits for a second listen() shortly after the first', async () => {
    const port = await freePort();
    const app = await startApp(null, { command: ['node', 'second-listen.js'], env: { PORT: String(port) }, cwd: dir });
    expect((await waitForPort(port, { app })).ok).toBe(true);
    expect(await listenSettled(app)).toBe(true);
    expect(app.listening()).toHaveLength(2);
  });

  it('says so when it cannot know (no listen observer)', async () => {
    const port = await freePort();
    const app = await startApp(null, { command: ['node', 'second-listen.js'], env: { PORT: String(port) }, cwd: dir, observeListen: false });
    expect(await listenSettled(app, { timeoutMs: 300 })).toBe(false);
  });
});

describe('freePort', () => {
  it('never hands out the same port twice in one process', async () => {
    const ports = await Promise.all(Array.from({ length: 60 }, () => freePort()));
    expect(new Set(ports).size).toBe(ports.length);
  });
});
