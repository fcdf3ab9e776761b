import { createHmac } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ExerciseBundle } from '../../../src/runtime/bundle.ts';
import type { Tree } from '../../../src/runtime/tree.ts';
import {
  createWebContainerRuntime,
  reachStackBlitz,
  resetWebContainerForTests,
  type WebContainerApiLike,
  type WebContainerLike,
  type WebContainerProcessLike,
} from '../../../src/runtime/webcontainer.ts';
import type { RuntimeStatus } from '../../../src/runtime/types.ts';

// ---- a fake @webcontainer/api ------------------------------------------------------------

interface SpawnCall {
  command: string;
  args: string[];
  options: { cwd?: string; env?: Record<string, string> } | undefined;
  /** Files as they were when the process started. */
  files: Map<string, string>;
}
type Behaviour = (wc: FakeWebContainer, call: SpawnCall) => { chunks?: string[]; exit?: number | 'never' };

class FakeProcess implements WebContainerProcessLike {
  exit: Promise<number>;
  output: ReadableStream<string>;
  killed = false;
  private finish!: (code: number) => void;
  constructor(chunks: string[], exit: number | 'never', killable: boolean) {
    this.exit = new Promise((resolve) => (this.finish = resolve));
    let controller!: ReadableStreamDefaultController<string>;
    this.output = new ReadableStream({ start: (c) => void (controller = c) });
    queueMicrotask(() => {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (exit !== 'never') {
        controller.close();
        this.finish(exit);
      }
    });
    this.kill = () => {
      this.killed = true;
      if (killable) {
        controller.close();
        this.finish(143);
      }
    };
  }
  kill: () => void;
}

class FakeWebContainer implements WebContainerLike {
  readonly workdir = '/home/tfc';
  files = new Map<string, string>();
  spawned: SpawnCall[] = [];
  mounts: string[] = [];
  torndown = false;
  portListeners: ((port: number, type: 'open' | 'close', url: string) => void)[] = [];
  killable = true;
  private behaviour: Behaviour;
  constructor(behaviour: Behaviour) {
    this.behaviour = behaviour;
  }
  fs = {
    readFile: async (path: string) => {
      const content = this.files.get(path);
      if (content === undefined) throw new Error(`ENOENT: ${path}`);
      return content;
    },
    writeFile: async (path: string, data: string) => {
      this.files.set(path, data);
    },
    mkdir: async (path: string) => path,
    rm: async (path: string) => {
      for (const key of [...this.files.keys()]) if (key === path || key.startsWith(`${path}/`)) this.files.delete(key);
    },
  };
  async mount(tree: Tree, options?: { mountPoint?: string }) {
    const root = options?.mountPoint ?? '';
    this.mounts.push(root);
    const walk = (node: Tree, dir: string) => {
      for (const [name, child] of Object.entries(node)) {
        const path = dir ? `${dir}/${name}` : name;
        if ('file' in child) this.files.set(path, child.file.contents);
        else walk(child.directory, path);
      }
    };
    walk(tree, root);
  }
  async spawn(command: string, args: string[], options?: { cwd?: string; env?: Record<string, string> }) {
    const call = { command, args, options, files: new Map(this.files) };
    this.spawned.push(call);
    const { chunks = [], exit = 0 } = this.behaviour(this, call);
    return new FakeProcess(chunks, exit, this.killable);
  }
  on(_event: 'port', listener: (port: number, type: 'open' | 'close', url: string) => void) {
    this.portListeners.push(listener);
    return () => undefined;
  }
  teardown() {
    this.torndown = true;
  }
}

function fakeApi(behaviour: Behaviour, bootDelay?: 'never') {
  const instances: FakeWebContainer[] = [];
  let release: (() => void) | undefined;
  const api: WebContainerApiLike = {
    WebContainer: {
      boot: vi.fn(async () => {
        if (bootDelay === 'never') await new Promise<void>((resolve) => (release = resolve));
        const wc = new FakeWebContainer(behaviour);
        instances.push(wc);
        return wc;
      }),
    },
    auth: { init: vi.fn(() => ({ status: 'authorized' as const })) },
  };
  return { api, instances, release: () => release?.() };
}

const results = { version: 3, status: 'fail', message: null, tests: [{ name: 'binds PORT', status: 'fail', message: 'nothing on PORT', output: null }] };

const bundle: ExerciseBundle = {
  version: 1,
  id: '07-port-binding',
  factor: 7,
  title: 'Port binding',
  summary: 's',
  editable: ['server.js'],
  readonly: [],
  allowNewFiles: false,
  app: { command: ['node', 'server.js'], env: { PORT: 'auto', MODE: 'dev' } },
  hints: [],
  timeoutMs: 100,
  solutionPolicy: 'always',
  starter: { 'server.js': 'starter' },
  solution: { 'server.js': 'solution' },
  tests: { 'port.test.mjs': 'test code' },
  harness: { 'run.mjs': 'harness', 'lib/reporter.mjs': 'reporter' },
};

/** The line run.mjs prints last: the results signed with the key the runtime left for it (channel.mjs). */
function signedResults(call: { files: Map<string, string> }, doc: unknown, key = call.files.get('.tfc-run-key') ?? ''): string {
  const payload = JSON.stringify(doc);
  const mac = createHmac('sha256', Buffer.from(key, 'hex')).update(`1\n${payload}`).digest('hex');
  return `\u001eTFC-RESULTS 1 ${mac} ${payload}\r\n`;
}

const passingHarness: Behaviour = (_wc, call) => {
  if (call.args[0] === 'hidden/_harness/run.mjs') {
    return { chunks: ['\u001b[32m✔ starting\u001b[0m\r\n', 'done\r\n', signedResults(call, results)], exit: 1 };
  }
  return {};
};

beforeEach(() => resetWebContainerForTests());

describe('WebContainer runtime: boot', () => {
  it('boots lazily, once per page, with the configured COEP and licence key', async () => {
    const { api, instances } = fakeApi(passingHarness);
    const options = { bundle, coep: 'require-corp' as const, clientId: 'wc_api_key', loadApi: async () => api, reachable: async () => true };
    const a = createWebContainerRuntime(options);
    const b = createWebContainerRuntime(options);
    expect(api.WebContainer.boot).not.toHaveBeenCalled();
    const statuses: RuntimeStatus[] = [];
    await Promise.all([a.prepare((s) => statuses.push(s)), b.prepare(() => undefined)]);
    expect(api.WebContainer.boot).toHaveBeenCalledTimes(1);
    expect(api.WebContainer.boot).toHaveBeenCalledWith({ coep: 'require-corp', workdirName: 'tfc' });
    expect(api.auth.init).toHaveBeenCalledWith({ clientId: 'wc_api_key', scope: '' });
    expect(instances).toHaveLength(1);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'ready']);
  });

  it('does not call auth.init without a licence key', async () => {
    const { api } = fakeApi(passingHarness);
    await createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true }).prepare(() => undefined);
    expect(api.auth.init).not.toHaveBeenCalled();
  });

  it('says "still connecting", then fails with a clear reason when boot hangs; a late boot is torn down', async () => {
    const { api, instances, release } = fakeApi(passingHarness, 'never');
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true, slowMs: 20, failMs: 80 });
    const statuses: RuntimeStatus[] = [];
    await expect(runtime.prepare((s) => statuses.push(s))).rejects.toThrow(/did not start within/);
    expect(statuses.map((s) => s.state)).toEqual(['connecting', 'slow', 'failed']);
    expect(statuses[1]!.message).toMatch(/Still connecting/);
    expect(statuses[2]!.message).toMatch(/StackBlitz/);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(instances[0]?.torndown).toBe(true);
  });
});

describe('WebContainer runtime: unreachable servers', () => {
  it('fails at once, saying why, when StackBlitz cannot be reached, instead of waiting out the time limit', async () => {
    const { api } = fakeApi(passingHarness, 'never');
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => false, failMs: 60_000 });
    const started = Date.now();
    const statuses: RuntimeStatus[] = [];
    await expect(runtime.prepare((s) => statuses.push(s))).rejects.toThrow(/cannot reach StackBlitz's servers/);
    expect(Date.now() - started).toBeLessThan(1000);
    expect(statuses.at(-1)?.state).toBe('failed');
  });

  it('probes with a no-cors request; a network error means unreachable, a slow answer does not', async () => {
    const calls: RequestInit[] = [];
    expect(await reachStackBlitz('credentialless', async (_url, init) => (calls.push(init!), new Response(null)))).toBe(true);
    expect(calls[0]).toMatchObject({ mode: 'no-cors', credentials: 'omit' });
    expect(await reachStackBlitz('credentialless', async () => Promise.reject(new TypeError('Failed to fetch')))).toBe(false);
    expect(await reachStackBlitz('credentialless', async () => Promise.reject(new DOMException('timed out', 'TimeoutError')))).toBe(true);
    // Under require-corp the probe would be blocked whatever the network does: no verdict.
    expect(await reachStackBlitz('require-corp', async () => Promise.reject(new TypeError('blocked')))).toBe(true);
  });
});

describe('WebContainer runtime: tests', () => {
  it('lays out learner files and hidden tests per the contract, runs the harness and takes the signed results line', async () => {
    const { api, instances } = fakeApi(passingHarness);
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true });
    const output: string[] = [];
    const got = await runtime.runTests({ 'server.js': 'mine', 'lib/util.js': 'u' }, (c) => output.push(c));
    expect(got).toEqual(results);
    expect(output.join('')).toContain('\u001b[32m✔ starting'); // raw PTY output goes to the terminal
    const wc = instances[0]!;
    const run = wc.spawned[0]!;
    expect(run.command).toBe('node');
    expect(run.args).toEqual(['hidden/_harness/run.mjs']);
    expect(run.options?.env).toEqual({ TFC_LEARNER_DIR: '/home/tfc/learner', TFC_KEY_FILE: '/home/tfc/.tfc-run-key', TFC_TIMEOUT_MS: '100', TFC_COLOR: '1' });
    expect(Object.fromEntries(run.files)).toEqual({
      'learner/server.js': 'mine',
      'learner/lib/util.js': 'u',
      'hidden/_harness/run.mjs': 'harness',
      'hidden/_harness/lib/reporter.mjs': 'reporter',
      'hidden/tests/port.test.mjs': 'test code',
      '.tfc-run-key': expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    // Hidden files are written after the learner's.
    expect(wc.mounts).toEqual(['learner', 'hidden']);
  });

  it('replaces the previous run\'s files and results', async () => {
    let n = 0;
    const { api, instances } = fakeApi((_wc, call) => {
      n++;
      // Only the first run reports: the second must not get the first one's result.
      if (n === 1) return { chunks: [signedResults(call, results)], exit: 1 };
      return { exit: 1 };
    });
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true });
    await runtime.runTests({ 'server.js': 'one', 'old.js': 'x' }, () => undefined);
    const second = await runtime.runTests({ 'server.js': 'two' }, () => undefined);
    expect(instances[0]!.spawned[1]!.files.has('learner/old.js')).toBe(false);
    // Each run gets a fresh key, deleted once the run is over.
    expect(instances[0]!.spawned[1]!.files.get('.tfc-run-key')).not.toBe(instances[0]!.spawned[0]!.files.get('.tfc-run-key'));
    expect(instances[0]!.files.has('.tfc-run-key')).toBe(false);
    expect(second.status).toBe('error');
  });

  it('reports a run without results.json as an error with the plain output tail', async () => {
    const { api } = fakeApi(() => ({ chunks: ['\u001b[31mSyntaxError: Unexpected token\u001b[0m\r\n'], exit: 1 }));
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true });
    const got = await runtime.runTests({ 'server.js': '{' }, () => undefined);
    expect(got.status).toBe('error');
    expect(got.message).toContain('exit code 1');
    expect(got.message).toContain('SyntaxError: Unexpected token');
    expect(got.message).not.toContain('\u001b');
  });

  it('watchdog: a run past the time limit is stopped, the container torn down and re-booted for the next run', async () => {
    let first = true;
    const { api, instances } = fakeApi((_wc, call) => {
      if (first) {
        first = false;
        return { chunks: ['looping…'], exit: 'never' };
      }
      return { chunks: [signedResults(call, results)], exit: 1 };
    });
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true, graceMs: 50 });
    const started = Date.now();
    const stuck = await runtime.runTests({ 'server.js': 'while(true){}' }, () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(stuck.status).toBe('error');
    expect(stuck.message).toMatch(/did not finish within/);
    expect(instances[0]!.torndown).toBe(true);
    const next = await runtime.runTests({ 'server.js': 'fixed' }, () => undefined);
    expect(next).toEqual(results);
    expect(api.WebContainer.boot).toHaveBeenCalledTimes(2);
  });
});

describe('WebContainer runtime: only signed results count', () => {
  const passing = { version: 3, status: 'pass', message: null, tests: [{ name: 'binds PORT', status: 'pass', message: null, output: null }] };

  it('a results.json written by learner code, without the signed line, is an error, never a pass', async () => {
    const { api } = fakeApi((wc) => {
      wc.files.set('results.json', JSON.stringify(passing));
      return { chunks: ['All 1 checks passed.\r\n'], exit: 0 };
    });
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true });
    const got = await runtime.runTests({ 'server.js': 'cheat' }, () => undefined);
    expect(got.status).toBe('error');
    expect(got.message).toMatch(/No trustworthy result/);
  });

  it('a results line signed with another key is recognised as forged', async () => {
    const { api } = fakeApi((_wc, call) => ({ chunks: [signedResults(call, passing, 'ab'.repeat(32))], exit: 0 }));
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true });
    const got = await runtime.runTests({ 'server.js': 'cheat' }, () => undefined);
    expect(got).toMatchObject({ status: 'error', message: expect.stringMatching(/did not write/) });
  });

  it('a signed pass with an exit code that says otherwise is an error; the results line never reaches the terminal', async () => {
    const { api } = fakeApi((_wc, call) => ({ chunks: ['progress\r\n', signedResults(call, passing)], exit: 1 }));
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true });
    const shown: string[] = [];
    const got = await runtime.runTests({ 'server.js': 'x' }, (chunk) => shown.push(chunk));
    expect(got.status).toBe('error');
    expect(shown.join('')).toBe('progress\r\n');
  });

  it('a signed pass with exit code 0 is a pass', async () => {
    const { api } = fakeApi((_wc, call) => ({ chunks: [signedResults(call, passing)], exit: 0 }));
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true });
    expect(await runtime.runTests({ 'server.js': 'ok' }, () => undefined)).toEqual(passing);
  });
});

describe('WebContainer runtime: app', () => {
  it('starts the app with PORT set, sends requests through a helper process, and stops it', async () => {
    const { api, instances } = fakeApi((wc, call) => {
      if (call.command === 'node' && call.args[0] === 'server.js') {
        queueMicrotask(() => wc.portListeners.forEach((l) => l(Number(call.options?.env?.['PORT']), 'open', 'https://x.webcontainer.io')));
        return { chunks: ['listening\r\n'], exit: 'never' };
      }
      if (call.args.includes('-e')) {
        const request = JSON.parse(call.options!.env!['TFC_REQUEST']!) as { url: string; method: string };
        return { chunks: [`\u001b[0m@@tfc-response@@${JSON.stringify({ status: 200, headers: { 'content-type': 'text/plain' }, body: `${request.method} ${request.url}` })}\r\n`] };
      }
      return {};
    });
    const runtime = createWebContainerRuntime({ bundle, coep: 'credentialless', loadApi: async () => api, reachable: async () => true });
    const output: string[] = [];
    const app = await runtime.startApp({ 'server.js': 'app' }, (c) => output.push(c));
    const wc = instances[0]!;
    const spawn = wc.spawned[0]!;
    expect(spawn.options?.cwd).toBe('app');
    const port = spawn.options!.env!['PORT']!;
    expect(Number(port)).toBeGreaterThan(1024);
    expect(spawn.options?.env?.['MODE']).toBe('dev');
    expect(spawn.files.get('app/server.js')).toBe('app');
    const answer = await app.request({ method: 'GET', path: '/x' });
    expect(answer).toEqual({ status: 200, headers: { 'content-type': 'text/plain' }, body: `GET http://localhost:${port}/x` });
    await app.stop();
    expect(await app.exited).toBe(143);
    expect(output.join('')).toContain('listening');
  });
});
