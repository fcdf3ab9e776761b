/** Shared fixtures for the course-server tests: a tiny built site, a fake runner, raw HTTP. */
/* eslint-disable @typescript-eslint/no-explicit-any -- tests read arbitrary JSON answers */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, request, type IncomingHttpHeaders, type OutgoingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { createCourseServer, type CourseServer } from '../../../src/server/app.ts';
import { writeBuildInfo } from '../../../src/server/build-info.ts';
import { loadServerConfig, type ServerConfig } from '../../../src/server/config.ts';
import { silentLogger } from '../../../src/server/log.ts';
import type { JobCheck, Results, RunOptions, Runner, RunningApp } from '../../../src/server/runner.ts';

export const TOKEN = 'test-token-0123456789';

/** Enough text that compression kicks in (> 1 KB). */
export const BIG_JS = `export const greeting = ${JSON.stringify('hello '.repeat(400))};\n`;

export interface DistOptions {
  basePath?: string;
  coep?: string;
  /** Create the site in this folder (default: a new temp folder). */
  at?: string;
  /** Extra files, path → content. */
  extra?: Record<string, string | Buffer>;
}

/** A miniature `dist/` with the shapes the real build produces. */
export function makeDist(options: DistOptions = {}): string {
  const dir = options.at ?? mkdtempSync(join(tmpdir(), 'tfc-dist-'));
  const files: Record<string, string | Buffer> = {
    'index.html': `<!doctype html><html><head><meta charset="utf-8"><title>Home</title><script type="module" src="/_astro/app.Ab12Cd.js"></script></head><body><h1>Course</h1>${'<p>Twelve factors.</p>'.repeat(100)}</body></html>`,
    '404.html': '<!doctype html><html><head><meta charset="utf-8"><title>Not found</title></head><body><h1>Lost in the factors</h1></body></html>',
    'lessons/07-port-binding/index.html': '<!doctype html><title>Port binding</title><h1>VII</h1>',
    '_astro/app.Ab12Cd.js': BIG_JS,
    '_astro/style.Ef34Gh.css': `body{margin:0}${'.x{color:red}'.repeat(200)}`,
    'exercises/07-port-binding.json': JSON.stringify({ id: '07-port-binding' }),
    'pagefind/pagefind-entry.json': '{}',
    'pagefind/index/en_1.pf_index': 'binary',
    'favicon.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    ...options.extra,
  };
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), content);
  }
  if (options.basePath !== undefined || options.coep !== undefined) {
    writeBuildInfo(dir, {
      version: 1,
      builtAt: new Date().toISOString(),
      inputs: 'x',
      env: 'y',
      basePath: options.basePath ?? '/',
      coep: options.coep ?? 'credentialless',
    });
  }
  return dir;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

export function testConfig(distDir: string, env: Record<string, string> = {}): ServerConfig {
  return loadServerConfig({ PORT: '0', HOST: '127.0.0.1', ...env }, { distDir });
}

export interface Started {
  server: CourseServer;
  port: number;
  host: string;
  close(): Promise<void>;
}

export async function start(config: ServerConfig, runner: Runner | null = null): Promise<Started> {
  const server = createCourseServer(config, { runner, log: silentLogger, token: TOKEN });
  await new Promise<void>((resolve) => server.listen(config.port, config.listenHost, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    server,
    port,
    host: `127.0.0.1:${port}`,
    close: async () => {
      await server.shutdown(200);
    },
  };
}

export interface Reply {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text: string;
  json(): any;
}

export interface RawRequest {
  port: number;
  method?: string;
  path: string;
  headers?: OutgoingHttpHeaders;
  body?: string | Buffer;
  /** Do not decompress; `body` is what went over the wire. */
}

/** A raw HTTP/1.1 request with exactly the headers given (Host included — fetch cannot set it). */
export function http(options: RawRequest): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port: options.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${options.port}`, ...options.headers },
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          const text = body.toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

/** Same-origin JSON POST with the token, as the course page sends it. */
export function post(port: number, path: string, body: unknown, headers: OutgoingHttpHeaders = {}): Promise<Reply> {
  return http({
    port,
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', 'x-course-token': TOKEN, origin: `http://127.0.0.1:${port}`, 'sec-fetch-site': 'same-origin', ...headers },
    body: JSON.stringify(body),
  });
}

export function ndjson(text: string): Array<Record<string, any>> {
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Record<string, any>);
}

export function results(status: Results['status'], message: string | null = null): Results {
  return { version: 3, status, message, tests: [{ name: 'it listens', status: status === 'pass' ? 'pass' : 'fail', message, output: null }] };
}

/**
 * A runner that needs no engine, shaped like it (an aborted run rejects).
 * Exercise "demo" has an app; "no-app" does not.
 * A file named `hold` makes runTests wait until `release()` or abort; `flood`
 * makes it print far more than any cap (ignoring limits, to test the backstop).
 */
export class FakeRunner implements Runner {
  calls: RunOptions[] = [];
  aborted: RunOptions[] = [];
  #holds: Array<() => void> = [];

  async check(exerciseId: string, files: Record<string, string>): Promise<JobCheck> {
    if (exerciseId !== 'demo' && exerciseId !== 'no-app') return { ok: false, status: 404, message: `There is no exercise "${exerciseId}".` };
    for (const path of Object.keys(files)) {
      if (path === '' || path.startsWith('/') || path.includes('\\') || path.split('/').includes('..')) {
        return { ok: false, status: 400, message: `${JSON.stringify(path)} is not a valid file name.` };
      }
    }
    return { ok: true, hasApp: exerciseId === 'demo' };
  }

  release(): void {
    for (const hold of this.#holds.splice(0)) hold();
  }

  get holding(): number {
    return this.#holds.length;
  }

  async runTests(options: RunOptions): Promise<Results> {
    this.calls.push(options);
    options.onOutput('running tests\n');
    if ('hold' in options.files) {
      await new Promise<void>((resolve) => {
        this.#holds.push(resolve);
        options.signal.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    if ('flood' in options.files) {
      const line = 'x'.repeat(1023) + '\n';
      for (let i = 0; i < 4096 && !options.signal.aborted; i++) {
        options.onOutput(line);
        if (i % 64 === 0) await new Promise((r) => setImmediate(r));
      }
    }
    if (options.signal.aborted) {
      this.aborted.push(options);
      throw new DOMException('The run was cancelled.', 'AbortError');
    }
    return results('pass');
  }

  async startApp(options: RunOptions): Promise<RunningApp> {
    this.calls.push(options);
    options.onOutput('booting\n');
    if ('crash' in options.files) throw new Error('Your app exited with code 1 before it listened on PORT.');
    const app = createServer((req, res) => {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ method: req.method, url: req.url, header: req.headers['x-test'] ?? null, host: req.headers.host }));
    });
    await new Promise<void>((resolve) => app.listen(0, '127.0.0.1', resolve));
    options.onOutput('listening\n');
    const notListening = 'not-listening' in options.files;
    let resolveExit!: (code: number | null) => void;
    const exited = new Promise<number | null>((resolve) => (resolveExit = resolve));
    return {
      port: (app.address() as AddressInfo).port,
      exited,
      ready: Promise.resolve(!notListening),
      stop: async () => {
        app.closeAllConnections();
        await new Promise<void>((resolve) => app.close(() => resolve()));
        resolveExit(null);
      },
    };
  }
}

export interface TimedEvent {
  /** ms since the request was sent */
  at: number;
  event: Record<string, any>;
}

/** POSTs JSON and reads the NDJSON answer as it arrives, noting when each event came. */
export function streamPost(port: number, path: string, body: unknown, headers: OutgoingHttpHeaders = {}): Promise<{ status: number; events: TimedEvent[]; bytes: number }> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path,
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-course-token': TOKEN, ...headers },
        agent: false,
      },
      (res) => {
        const events: TimedEvent[] = [];
        let buffer = '';
        let bytes = 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          bytes += Buffer.byteLength(chunk);
          buffer += chunk;
          let nl;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const line = buffer.slice(0, nl);
            buffer = buffer.slice(nl + 1);
            if (line.trim()) events.push({ at: Date.now() - started, event: JSON.parse(line) as Record<string, any> });
          }
        });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, events, bytes }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

/** Pids of live processes whose command line contains `marker` (Linux /proc). */
export function processesWith(marker: string): number[] {
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = readFileSync(`/proc/${entry}/cmdline`, 'utf8');
      if (cmdline.includes(marker)) pids.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return pids;
}

const MAIN = resolve('src/server/main.ts');

/** `node src/server/main.ts` as a child process, in `cwd` (which holds dist/), with only `env` (plus PATH and HOME). */
export interface Spawned {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export function spawnMain(cwd: string, env: Record<string, string>): Spawned {
  const child = spawn(process.execPath, [MAIN], {
    cwd,
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((res) => child.on('close', (code, signal) => res({ code, signal })));
  return { child, stdout: () => out, stderr: () => err, exit };
}

/** Waits for the `listening` event and returns its port. */
export async function listening(p: Spawned): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const line = p.stdout().split('\n').find((l) => l.includes('"event":"listening"'));
    if (line) return (JSON.parse(line) as { port: number }).port;
    if (p.child.exitCode !== null) throw new Error(`exited: ${p.stdout()} ${p.stderr()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error(`no listening event: ${p.stdout()} ${p.stderr()}`);
}


/** Opens an app stream and resolves once `started` arrived; `events` keeps filling until the stream ends. */
export function openApp(port: number, body: unknown) {
  const events: Array<Record<string, any>> = [];
  let buffer = '';
  let resolveStarted!: (id: string) => void;
  let rejectStarted!: (e: Error) => void;
  const started = new Promise<string>((res, rej) => ((resolveStarted = res), (rejectStarted = rej)));
  let status = 0;
  let abort = () => {};
  const ended = new Promise<void>((resolveEnd, rejectEnd) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/apps',
        headers: { host: `127.0.0.1:${port}`, 'content-type': 'application/json', 'x-course-token': TOKEN },
        agent: false,
      },
      (res) => {
        status = res.statusCode ?? 0;
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buffer += chunk;
          let nl;
          while ((nl = buffer.indexOf('\n')) >= 0) {
            const event = JSON.parse(buffer.slice(0, nl)) as Record<string, any>;
            buffer = buffer.slice(nl + 1);
            events.push(event);
            if (event['type'] === 'started') resolveStarted(event['id']);
          }
        });
        res.on('close', () => {
          rejectStarted(new Error(`ended without started: ${JSON.stringify(events)}`));
          resolveEnd();
        });
      },
    );
    req.on('error', rejectEnd);
    req.end(JSON.stringify(body));
    abort = () => req.destroy();
  });
  return { events, started, ended, status: () => status, abort: () => abort() };
}
