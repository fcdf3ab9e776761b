/**
 * Shared by the hosting tests: builds a small copy of the site (one lesson) at
 * the root and under BASE_PATH=/course/, starts real web servers on it with
 * the configs scripts/hosting.ts writes, and reads responses.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';

export const root = resolve(import.meta.dirname, '../../..');
const astroBin = join(root, 'node_modules/astro/bin/astro.mjs');

const introduction = '---\ntitle: Introduction\nsummary: The introduction used by the hosting test.\norder: 0\n---\n\nHello.\n';
const lesson =
  '---\nfactor: 7\ntitle: Port binding\nsummary: A lesson used by the hosting test.\nminutes: 20\nobjectives:\n  - Learn it\nexercise: "07-port-binding"\n---\n\n## Section\n\nText.\n';

/** Vitest puts Vite's own variables (BASE_URL=/, MODE=test ...) in process.env; a build that inherits them ignores BASE_PATH. */
const vitestOwn = /^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*)$/;
export const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !vitestOwn.test(name))) as Record<string, string>;

const temps: string[] = [];

/** A temp folder readable by the servers' unprivileged workers (mkdtemp makes 0700 folders); removed by removeTemps(). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  temps.push(dir);
  return dir;
}

export function removeTemps(): void {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A throwaway project: this repository's code with one lesson of our own, so other work in progress cannot break it. */
export function project(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(join(dir, 'exercises'), { recursive: true });
  for (const linked of ['node_modules', 'public']) symlinkSync(join(root, linked), join(dir, linked));
  for (const copied of ['_harness', '07-port-binding']) cpSync(join(root, 'exercises', copied), join(dir, 'exercises', copied), { recursive: true });
  for (const copied of ['src', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(root, copied), join(dir, copied), { recursive: true });
  mkdirSync(join(dir, 'content/lessons'), { recursive: true });
  mkdirSync(join(dir, 'content/pages'), { recursive: true });
  writeFileSync(join(dir, 'content/lessons/07-port-binding.mdx'), lesson);
  writeFileSync(join(dir, 'content/pages/introduction.mdx'), introduction);
  return dir;
}

/** `astro build` in `dir` (not awaited by the other build, so both can run at once). */
export function build(dir: string, env: Record<string, string>): Promise<{ status: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [astroBin, 'build'], {
      cwd: dir,
      env: { ...cleanEnv, ...env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 100_000);
    child.on('close', (status) => {
      clearTimeout(timer);
      done({ status, output });
    });
  });
}

export function which(name: string): string | null {
  for (const dir of [...(process.env['PATH'] ?? '').split(delimiter), '/usr/sbin', '/usr/local/sbin', '/sbin']) {
    if (dir && existsSync(join(dir, name))) return join(dir, name);
  }
  return null;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.on('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

export interface Running {
  port: number;
  origin: string;
  child: ChildProcess;
  log: () => string;
  stop: () => Promise<void>;
}

/** Whether something accepts connections on 127.0.0.1:`port`. */
function accepting(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** Starts a foreground server process and waits until it accepts connections on `port`. */
export async function startServer(
  command: string,
  args: string[],
  options: { port: number; env?: Record<string, string>; logFile?: string; cwd?: string },
): Promise<Running> {
  const child = spawn(command, args, { env: { ...cleanEnv, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'], ...(options.cwd ? { cwd: options.cwd } : {}) });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<void>((done) => child.once('exit', () => done()));
  const log = () => output + (options.logFile && existsSync(options.logFile) ? readFileSync(options.logFile, 'utf8') : '');
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    }
  };
  const origin = `http://127.0.0.1:${options.port}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`${command} exited early:\n${log()}`);
    if (await accepting(options.port)) return { port: options.port, origin, child, log, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${command} did not listen on port ${options.port} within 15 s:\n${log()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** A hashed asset the built page links to, as a URL path (e.g. /course/_astro/index.abc123.css). */
export function assetPath(html: string, base: string): string {
  const match = new RegExp(`(?:href|src)="(${base}_astro/[^"]+\\.(?:css|js))"`).exec(html);
  if (!match?.[1]) throw new Error(`no ${base}_astro/ asset linked from the page`);
  return match[1];
}
