/**
 * `npm run doctor` (scripts/doctor.ts): each check on its own, with fixtures and a fake
 * network probe, then the script itself run in a throwaway copy of the project, once
 * before dependencies are installed (it must still run, and exit 1) and once with them.
 * Unreachable hosts are faked with DOCTOR_WEBCONTAINER_URL / DOCTOR_REGISTRY_URL
 * pointing at a local port nothing listens on, so nothing here waits on the network.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  cachePathFor,
  checkDependencies,
  checkNetwork,
  checkNode,
  checkNpmCache,
  checkPort,
  checkSandbox,
  formatResults,
  type Probe,
  WEBCONTAINER_URL,
} from '../../../scripts/doctor.ts';
import { STACKBLITZ_HOST } from '../../../src/runtime/webcontainer.ts';

const repo = resolve(import.meta.dirname, '../../..');
const temps: string[] = [];
const servers: Server[] = [];

function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfc-doctor-'));
  temps.push(dir);
  return dir;
}

function write(dir: string, path: string, text: string): void {
  mkdirSync(dirname(join(dir, path)), { recursive: true });
  writeFileSync(join(dir, path), text);
}

function integrityOf(text: string): string {
  return `sha512-${createHash('sha512').update(text).digest('base64')}`;
}

/** A project with a lockfile naming `left-pad` 1.3.0 and an optional `fsevents`. */
function lockProject(): string {
  const dir = temp();
  write(
    dir,
    'package-lock.json',
    JSON.stringify({
      lockfileVersion: 3,
      packages: {
        '': { name: 'fixture' },
        'node_modules/left-pad': { version: '1.3.0', integrity: integrityOf('left-pad') },
        'node_modules/fsevents': { version: '2.3.3', integrity: integrityOf('fsevents'), optional: true },
      },
    }),
  );
  return dir;
}

/** A port nothing listens on (bound, then closed). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

afterEach(async () => {
  for (const server of servers.splice(0)) await new Promise<void>((done) => server.close(() => done()));
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('doctor checks', () => {
  it('Node: accepts a version engines allows and names what to install otherwise', () => {
    expect(checkNode('v24.21.0', '^22.22.3 || >=24.16.0').status).toBe('ok');
    const old = checkNode('v20.11.0', '^22.22.3 || >=24.16.0');
    expect(old.status).toBe('fail');
    expect(old.line).toMatch(/needs Node\.js .*found v20\.11\.0/);
    expect(old.fix).toMatch(/nvm install|nodejs\.org/);
  });

  it('dependencies: missing node_modules blocks, a version other than the lockfile blocks, a matching install passes', () => {
    const dir = lockProject();
    const none = checkDependencies(dir);
    expect(none.status).toBe('fail');
    expect(none.fix).toMatch(/npm ci/);

    write(dir, 'node_modules/left-pad/package.json', JSON.stringify({ name: 'left-pad', version: '1.2.0' }));
    const stale = checkDependencies(dir);
    expect(stale.status).toBe('fail');
    expect(stale.line).toContain('left-pad 1.2.0 ≠ 1.3.0');

    write(dir, 'node_modules/left-pad/package.json', JSON.stringify({ name: 'left-pad', version: '1.3.0' }));
    // npm's record of the install, written after the lockfile; fsevents is optional and may be absent.
    write(dir, 'node_modules/.package-lock.json', '{}');
    const good = checkDependencies(dir);
    expect(good.status).toBe('ok');
    expect(good.line).toContain('2 packages');
  });

  it('npm cache: finds a lockfile package by its integrity where npm (cacache) stores it', () => {
    const dir = lockProject();
    const cache = temp();
    expect(checkNpmCache(dir, cache).status).toBe('warn');
    const file = cachePathFor(cache, integrityOf('left-pad'));
    expect(file).toMatch(/_cacache\/content-v2\/sha512\/[0-9a-f]{2}\/[0-9a-f]{2}\/[0-9a-f]{124}$/);
    write(cache, file!.slice(cache.length + 1), 'tarball');
    const ok = checkNpmCache(dir, cache);
    expect(ok.status).toBe('ok');
    expect(ok.line).toMatch(/all 1 packages.*npm ci --offline/);
  });

  it('port: free is fine; taken by another program is a warning with another port to use', async () => {
    const port = await closedPort();
    expect((await checkPort({ port, host: '127.0.0.1', basePath: '/' })).status).toBe('ok');
    const server = createServer((socket) => socket.end('not the course\n', () => socket.destroy()));
    servers.push(server);
    await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
    const taken = await checkPort({ port, host: '127.0.0.1', basePath: '/' });
    expect(taken.status).toBe('warn');
    expect(taken.fix).toMatch(/PORT=\d+ npm start/);
    expect((await checkPort({ port: 0, host: '127.0.0.1', basePath: '/' })).status).toBe('ok');
  });

  it('sandbox: RUNNER_SANDBOX=off and a runner that is off are not problems', () => {
    expect(checkSandbox({ runner: true, sandbox: { mode: 'off', memoryMb: 1536, maxProcesses: 512 } }).status).toBe('ok');
    expect(checkSandbox({ runner: false, sandbox: { mode: 'require', memoryMb: 1536, maxProcesses: 512 } }).status).toBe('info');
  });

  it('network: probes the host the workbench itself checks before it starts WebContainer', () => {
    expect(WEBCONTAINER_URL).toBe(STACKBLITZ_HOST);
  });

  it('network: an unreachable WebContainer host is a warning that says the local runtime still works', async () => {
    const calls: string[] = [];
    const unreachable: Probe = async (url) => (calls.push(url), { ok: false, reason: 'ENOTFOUND: the name does not resolve' });
    const [wc, npm] = await checkNetwork({ HTTPS_PROXY: 'http://proxy.corp:3128' }, unreachable);
    expect(calls).toEqual(['https://stackblitz.com/headless', 'https://registry.npmjs.org/']);
    expect(wc?.status).toBe('warn');
    expect(wc?.line).toMatch(/^Offline: stackblitz\.com cannot be reached .*the in-browser runtime will not work; the local runtime will/);
    expect(wc?.fix).toMatch(/NODE_USE_ENV_PROXY=1/);
    expect(npm?.status).toBe('warn');

    const reachable: Probe = async () => ({ ok: true });
    const ok = await checkNetwork({ DOCTOR_REGISTRY_URL: 'https://npm.corp.example/' }, reachable);
    expect(ok.map((r) => r.status)).toEqual(['ok', 'ok']);
    expect(ok[1]?.line).toContain('npm.corp.example');
  });

  it('report: ✓ ! ✗ marks, fixes under the lines that need them, and a summary', () => {
    const text = formatResults([
      { status: 'ok', line: 'fine', fix: 'not shown' },
      { status: 'warn', line: 'careful', fix: 'do this' },
      { status: 'fail', line: 'broken', fix: 'do that' },
      { status: 'info', line: 'by hand' },
    ]);
    expect(text.split('\n')).toEqual(['✓ fine', '! careful', '    → do this', '✗ broken', '    → do that', 'i by hand', '', '1 problem blocks the course (✗): fix it before the day. 1 more to look at (!).']);
  });
});

describe('npm run doctor (the script)', () => {
  /** A copy of what the doctor needs: scripts/, src/ and package.json, but no node_modules. */
  function copyProject(): string {
    const dir = temp();
    for (const path of ['scripts', 'src', 'package.json', 'package-lock.json', 'course.config.json']) cpSync(join(repo, path), join(dir, path), { recursive: true, preserveTimestamps: true });
    return dir;
  }

  async function run(dir: string, extraEnv: Record<string, string> = {}) {
    const port = await closedPort();
    const emptyCache = temp();
    const started = Date.now();
    const result = spawnSync(process.execPath, [join(dir, 'scripts/doctor.ts')], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 30_000,
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        PORT: String(port),
        DOCTOR_WEBCONTAINER_URL: `http://127.0.0.1:${port}/headless`,
        DOCTOR_REGISTRY_URL: `http://127.0.0.1:${port}/`,
        npm_config_cache: emptyCache,
        ...extraEnv,
      },
    });
    return { status: result.status, out: `${result.stdout}${result.stderr}`, ms: Date.now() - started };
  }

  it('runs on a clone where nothing is installed, and exits 1 naming npm ci', async () => {
    const dir = copyProject();
    const { status, out, ms } = await run(dir);
    expect(out).toMatch(/^✓ Node\.js v\d+/m);
    expect(out).toMatch(/^✗ Dependencies are not installed/m);
    expect(out).toMatch(/→ Run `npm ci` \(or `npm start` once\) while you are online/);
    expect(out).toMatch(/^! Offline: 127\.0\.0\.1:\d+ cannot be reached .*the local runtime will/m);
    expect(out).toMatch(/^! npm cache .* lacks \d+ of the lockfile's \d+ packages/m);
    expect(out).toMatch(/^i Browser: cannot be checked from here/m);
    expect(out).toMatch(/1 problem blocks the course/);
    expect(status).toBe(1);
    expect(ms).toBeLessThan(15_000);
  }, 30_000);

  it('with dependencies installed: settings checked, no blocking problem, exit 0', async () => {
    const dir = copyProject();
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    const { status, out } = await run(dir, { RUNNER_SANDBOX: 'off' });
    expect(out).toMatch(/^✓ Dependencies installed and matching package-lock\.json|^! Dependencies match package-lock\.json/m);
    expect(out).toMatch(/^✓ Course settings valid/m);
    expect(out).toMatch(/^✓ Port \d+ on 127\.0\.0\.1 is free/m);
    expect(out).toMatch(/^! No built site yet/m);
    expect(out).not.toMatch(/^✗/m);
    expect(status).toBe(0);
  }, 30_000);

  it('a bad setting blocks, named', async () => {
    const dir = copyProject();
    symlinkSync(join(repo, 'node_modules'), join(dir, 'node_modules'));
    const { status, out } = await run(dir, { SOLUTION_POLICY: 'sometimes' });
    expect(out).toMatch(/^✗ Course settings are invalid: .*SOLUTION_POLICY/m);
    expect(status).toBe(1);
  }, 30_000);
});
