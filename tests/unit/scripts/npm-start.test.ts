/**
 * The real `npm start` chain (npm → its shell → node scripts/start.ts → the course server),
 * stopped by a SIGTERM to whichever of its processes gets it: the server logs `shutdown`,
 * finishes what is in flight, logs `stopped`, and no process of the chain is left.
 *
 * It runs in a copy of the project (package.json, scripts/, src/; node_modules and the
 * lockfile linked) with a miniature dist/ stamped as up to date, so nothing is built or
 * installed and the shared dist/ is not touched. package.json is the real one: its "start"
 * script is what is under test.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, symlinkSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildEnvHash, inputsHash } from '../../../src/build/inputs.ts';
import { writeBuildInfo } from '../../../src/server/build-info.ts';
import { http, makeDist, removeDir } from '../server/helpers.ts';

const linux = process.platform === 'linux';
const repo = resolve('.');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const BIG = 24 * 1024 * 1024;

/** pid → [ppid, state, command line] of every live process (Linux /proc). */
function processTable(): Map<number, { ppid: number; state: string; cmdline: string; comm: string }> {
  const table = new Map<number, { ppid: number; state: string; cmdline: string; comm: string }>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      table.set(Number(entry), {
        state: rest[0] ?? '',
        ppid: Number(rest[1]),
        cmdline: readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0').join(' ').trim(),
        comm: readFileSync(`/proc/${entry}/comm`, 'utf8').trim(),
      });
    } catch {
      // gone meanwhile
    }
  }
  return table;
}

/** `pid` and every process below it. */
function tree(pid: number): number[] {
  const table = processTable();
  const found = [pid];
  for (let i = 0; i < found.length; i++) {
    for (const [child, info] of table) if (info.ppid === found[i] && !found.includes(child)) found.push(child);
  }
  return found.filter((p) => table.has(p));
}

/** Those of `pids` still running (a zombie waiting to be reaped has ended). */
function alive(pids: number[]): number[] {
  const table = processTable();
  return pids.filter((p) => table.has(p) && table.get(p)!.state !== 'Z');
}

interface NpmStart {
  npm: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  events: () => Array<Record<string, unknown>>;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  port: number;
  /** The chain below npm once the server listens: the shell (absent when the script execs), the server. */
  shell: number | null;
  server: number;
  all: number[];
}

let root: string;
/** Every process of every chain started, so a failing test leaves none behind. */
const spawned: number[] = [];
const env = { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: '0', HOST: '127.0.0.1', RUNNER: 'off', SHUTDOWN_TIMEOUT_MS: '20000' };

async function npmStart(script: 'start' | 'serve' = 'start'): Promise<NpmStart> {
  const child = spawn(npm, ['run', script], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.push(child.pid!);
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
  // npm prints its own banner on stdout; the server's events are the JSON lines.
  const events = () =>
    out
      .split('\n')
      .filter((l) => l.startsWith('{'))
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  const deadline = Date.now() + 25_000;
  let listening: Record<string, unknown> | undefined;
  while (!(listening = events().find((e) => e['event'] === 'listening'))) {
    if (err.includes('Building the site') || err.includes('Installing dependencies')) {
      child.kill('SIGKILL');
      throw new Error(`the fixture is not up to date, npm start wanted to build or install:\n${err}`);
    }
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`npm start did not listen:\n${out}\n${err}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const all = tree(child.pid!);
  spawned.push(...all);
  const table = processTable();
  const entry = script === 'start' ? 'scripts/start.ts' : 'src/server/main.ts';
  const server = all.find((p) => table.get(p)?.cmdline.includes(entry) && table.get(p)?.comm !== 'sh');
  const shell = all.find((p) => ['sh', 'dash', 'bash'].includes(table.get(p)?.comm ?? '')) ?? null;
  if (!server) throw new Error(`no server process below npm: ${JSON.stringify(all.map((p) => table.get(p)))}`);
  return { npm: child, stdout: () => out, stderr: () => err, events, exit, port: listening['port'] as number, shell, server, all };
}

/** Waits until none of `pids` runs; returns those still running after `ms`. */
async function gone(pids: number[], ms = 15_000): Promise<number[]> {
  const deadline = Date.now() + ms;
  while (alive(pids).length > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return alive(pids);
}

function startScript(): string {
  return (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
}

/**
 * How npm ends once the server stopped cleanly after a SIGTERM to npm: exit code 0 when the script
 * execs the server (npm forwards SIGTERM to it, it exits 0); with a shell in between, npm forwards
 * SIGTERM to the shell, which dies of it, and npm then re-raises SIGTERM on itself (143 in a shell).
 */
function npmEndAfterSigterm(): { code: number | null; signal: NodeJS.Signals | null } {
  return /\bexec\s+node\s+scripts\/start\.ts/.test(startScript()) ? { code: 0, signal: null } : { code: null, signal: 'SIGTERM' };
}

describe.skipIf(!linux)('npm start stops gracefully whichever of its processes gets SIGTERM', () => {
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tfc-npm-start-'));
    for (const path of ['package.json', 'scripts', 'src']) cpSync(join(repo, path), join(root, path), { recursive: true });
    symlinkSync(join(repo, 'node_modules'), join(root, 'node_modules'));
    symlinkSync(join(repo, 'package-lock.json'), join(root, 'package-lock.json'));
    const dist = join(root, 'dist');
    makeDist({ at: dist, extra: { 'big.bin': Buffer.alloc(BIG, 7) } });
    writeBuildInfo(dist, { version: 1, builtAt: new Date().toISOString(), inputs: inputsHash(root), env: buildEnvHash(env), basePath: '/', coep: 'credentialless' });
  });
  afterEach(() => {
    for (const pid of alive(spawned.splice(0))) {
      try {
        // Only ours: a process working in the fixture (a reused pid would not be).
        if (!readlinkSync(`/proc/${pid}/cwd`).startsWith(root)) continue;
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  });
  afterAll(() => removeDir(root));

  it('SIGTERM to npm: a slow download in flight completes, the server logs shutdown and stopped, nothing is left', async () => {
    const s = await npmStart();
    let received = 0;
    const download = new Promise<{ status: number; complete: boolean }>((resolveDone, reject) => {
      const req = request({ host: '127.0.0.1', port: s.port, path: '/big.bin', agent: false }, (res) => {
        res.pause(); // a slow client: the server cannot finish until it reads
        s.npm.kill('SIGTERM');
        // Read once the server has started shutting down.
        const resume = setInterval(() => {
          if (!s.stdout().includes('"event":"shutdown"')) return;
          clearInterval(resume);
          res.on('data', (c: Buffer) => (received += c.length));
          res.on('end', () => resolveDone({ status: res.statusCode ?? 0, complete: res.complete }));
          res.resume();
        }, 20);
      });
      req.on('error', reject);
      req.end();
    });
    expect(await download).toEqual({ status: 200, complete: true });
    expect(received).toBe(BIG);
    expect(await s.exit).toEqual(npmEndAfterSigterm());
    expect(await gone(s.all)).toEqual([]);
    const names = s.events().map((e) => e['event']);
    expect(names).toContain('shutdown');
    expect(s.events().at(-1)).toMatchObject({ event: 'stopped', forced: false });
  });

  it('SIGTERM to the server process: it stops and npm exits 0', async () => {
    const s = await npmStart();
    process.kill(s.server, 'SIGTERM');
    expect(await s.exit).toEqual({ code: 0, signal: null });
    expect(await gone(s.all)).toEqual([]);
    expect(s.events().find((e) => e['event'] === 'shutdown')).toMatchObject({ signal: 'SIGTERM' });
    expect(s.events().at(-1)).toMatchObject({ event: 'stopped', forced: false });
  });

  it("SIGTERM to npm's shell (when the script runs one): the server notices its parent is gone and stops", async (ctx) => {
    const s = await npmStart();
    if (s.shell === null) {
      // The script execs the server: there is no shell to stop.
      process.kill(s.server, 'SIGTERM');
      await s.exit;
      ctx.skip();
      return;
    }
    process.kill(s.shell, 'SIGTERM');
    expect(await s.exit).toEqual({ code: null, signal: 'SIGTERM' }); // npm re-raises the signal its shell died of
    expect(await gone(s.all)).toEqual([]);
    expect(s.events().find((e) => e['event'] === 'shutdown')).toMatchObject({ reason: 'parent-exited' });
    expect(s.events().at(-1)).toMatchObject({ event: 'stopped', forced: false });
  });

  it('SIGKILL to npm (it cannot forward anything): the server still stops, nothing is left', async () => {
    const s = await npmStart();
    s.npm.kill('SIGKILL');
    expect((await s.exit).signal).toBe('SIGKILL');
    // npm's stdout pipe stays open in the server: wait for its last event rather than for the pipe.
    await expect.poll(() => s.events().at(-1)?.['event'], { timeout: 15_000 }).toBe('stopped');
    expect(await gone(s.all)).toEqual([]);
    expect(s.events().find((e) => e['event'] === 'shutdown')).toMatchObject({ reason: s.shell === null ? 'parent-exited' : 'npm-exited' });
    await expect(http({ port: s.port, path: '/' })).rejects.toThrow(/ECONNREFUSED/);
  });

  it('npm run serve (the server without the build step): SIGTERM to npm stops it the same way', async () => {
    const s = await npmStart('serve');
    s.npm.kill('SIGTERM');
    await s.exit;
    expect(await gone(s.all)).toEqual([]);
    expect(s.events().some((e) => e['event'] === 'shutdown')).toBe(true);
    expect(s.events().at(-1)).toMatchObject({ event: 'stopped', forced: false });
  });
});
