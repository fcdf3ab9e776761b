/**
 * Learner code that tries to fake a pass, escape its run or harm the course
 * server, driven through the real runner (and once through `npm run check`)
 * against exercise 07's real hidden checks. Every attack sits on top of a
 * solution that fails, so the only honest outcome is `fail` or `error`.
 * Attacks that only a sandbox can stop are skipped, with the reason, where the
 * platform has none (see src/engine/sandbox.ts).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runHiddenTests, startApp } from '../../../src/engine/runner.ts';
import { containmentFor } from '../../../src/engine/sandbox.ts';
import { leftovers, removeDir, repoRoot } from './fixtures.ts';

const EXERCISE = '07-port-binding';
const starterServer = readFileSync(path.join(repoRoot, 'exercises', EXERCISE, 'starter', 'server.js'), 'utf8');
const extraPortServer = readFileSync(path.join(repoRoot, 'exercises', EXERCISE, 'variants', 'wrong-extra-default-port', 'server.js'), 'utf8');
const sandboxed = containmentFor().level === 'sandbox';
const hasPython = !spawnSync('python3', ['-c', 'import ctypes'], { stdio: 'ignore' }).error;
const noSandbox = sandboxed ? '' : `no sandbox on this machine (${containmentFor().description})`;

/** Helpers every attack uses, prepended to its server.js (plain ESM, Linux /proc). */
const TOOLS = `
import __fs from 'node:fs';
const __ancestors = () => {
  const out = [];
  let pid = process.ppid;
  while (pid > 1) {
    out.push(pid);
    try {
      const stat = __fs.readFileSync('/proc/' + pid + '/stat', 'utf8');
      pid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch { break; }
  }
  return out;
};
const __cmdline = (pid) => { try { return __fs.readFileSync('/proc/' + pid + '/cmdline', 'utf8'); } catch { return ''; } };
const __passing = JSON.stringify({ version: 3, status: 'pass', message: null, tests: [{ name: 'everything', status: 'pass', message: null, output: null }] });
`;

async function attack(code: string, base = starterServer) {
  let log = '';
  const results = await runHiddenTests({
    exerciseId: EXERCISE,
    files: { 'server.js': `${TOOLS}\n${code}\n${base}` },
    onOutput: (chunk) => (log += chunk),
  });
  return { results, log };
}

const standIns: ChildProcess[] = [];
afterAll(() => {
  for (const p of standIns) p.kill('SIGKILL');
});

describe.skipIf(process.platform !== 'linux')('learner code cannot fake a pass', () => {
  it('writing a passing results.json and killing run.mjs ends as an error, never a pass', async () => {
    const { results } = await attack(`
      for (const dir of ['..', '../..', process.env.TMPDIR || '/tmp']) { try { __fs.writeFileSync(dir + '/results.json', __passing); } catch {} }
      for (const pid of __ancestors()) if (__cmdline(pid).includes('run.mjs')) process.kill(pid, 'SIGKILL');
    `);
    expect(results.status).toBe('error');
    expect(results.message).toMatch(/No trustworthy result|stopped by SIGKILL|ended without a result/);
  });

  it('the same with SIGTERM ends as an error', async () => {
    const { results } = await attack(`
      for (const pid of __ancestors()) if (__cmdline(pid).includes('run.mjs')) process.kill(pid, 'SIGTERM');
    `);
    expect(results.status).toBe('error');
  });

  it('a daemon rewriting results.json after the run changes nothing, and dies with the run', async () => {
    const marker = `tfc-daemon-${randomUUID()}`;
    const { results } = await attack(`
      import { spawn as __spawn } from 'node:child_process';
      if (!globalThis.__started) {
        globalThis.__started = true;
        const loop = "const fs=require('fs');const end=Date.now()+15000;setInterval(()=>{for(const d of ['..','../..']){try{fs.writeFileSync(d+'/results.json',process.argv[2])}catch{}}if(Date.now()>end)process.exit()},5)";
        __spawn(process.execPath, ['-e', loop, __passing, '${marker}'], { detached: true, stdio: 'ignore' }).unref();
      }
    `);
    expect(results.status).toBe('fail');
    expect(await leftovers(marker)).toEqual([]);
  });

  // The pipes are sockets, which /proc/<pid>/fd/N cannot open (ENXIO): the real attack takes the
  // descriptor itself with pidfd_getfd(2), here from Python's ctypes.
  it.skipIf(!hasPython)('result lines written into the checks\u2019 own output are recognised as forged', async () => {
    const steal = [
      'import ctypes, os, sys',
      'libc = ctypes.CDLL(None, use_errno=True)',
      'pidfd = libc.syscall(434, int(sys.argv[1]), 0)',
      'fd = libc.syscall(438, pidfd, 1, 0)',
      'os.write(fd, sys.argv[2].encode()) if fd >= 0 else sys.exit(3)',
      'print("FORGED-WRITTEN")',
    ].join('\n');
    const { results, log } = await attack(`
      import { spawnSync as __run } from 'node:child_process';
      const forged = '\\u001eTFC ' + JSON.stringify({ kind: 'result', name: 'answers HTTP on the port given in PORT', topLevel: true, status: 'pass', message: null, output: null }) + '\\n';
      for (const pid of __ancestors()) {
        const cmd = __cmdline(pid);
        const line = cmd.includes('--test-reporter') ? forged : cmd.includes('run.mjs') ? '\\u001eTFC-RESULTS 1 ' + 'ab'.repeat(32) + ' ' + __passing + '\\n' : '';
        if (line) console.log(__run('python3', ['-c', ${JSON.stringify(steal)}, String(pid), line], { encoding: 'utf8' }).stdout);
      }
    `);
    expect(log + JSON.stringify(results)).toContain('FORGED-WRITTEN');
    expect(results.status).toBe('error');
    expect(results.message).toMatch(/cannot be trusted|did not write/);
  });

  it('patching fs.appendFileSync does not hide an extra listener from the checks', async () => {
    const { results } = await attack(
      `
      import { syncBuiltinESMExports as __sync } from 'node:module';
      __fs.appendFileSync = () => {};
      __sync();
    `,
      extraPortServer,
    );
    expect(results.status).toBe('fail');
    const extra = results.tests.find((t) => t.name.startsWith('listens only on the port given in PORT'));
    expect(extra?.status).toBe('fail');
  });

  it('emptying the listen log does not hide an extra listener either', async () => {
    const { results } = await attack(
      `setInterval(() => { try { __fs.writeFileSync(process.env.TFC_LISTEN_LOG, ''); } catch {} }, 20).unref();`,
      extraPortServer,
    );
    expect(results.status).toBe('fail');
    expect(results.tests.find((t) => t.name.startsWith('listens only on the port given in PORT'))?.status).toBe('fail');
  });
});

describe.skipIf(!sandboxed)(`a run is contained${noSandbox ? ` (skipped: ${noSandbox})` : ''}`, () => {
  it('a double fork with setsid, no environment and cwd / does not outlive the run', async () => {
    const marker = `${300 + Math.floor(Math.random() * 1000)}.${Date.now() % 100000}`;
    const { results } = await attack(`
      import { spawn as __spawn } from 'node:child_process';
      __spawn('setsid', ['sh', '-c', '(sleep ${marker} &) ; exit 0'], { detached: true, stdio: 'ignore', env: {}, cwd: '/' }).unref();
    `);
    expect(results.status).not.toBe('pass');
    expect(await leftovers(marker)).toEqual([]);
  });

  it("cannot read the server's environment, nor signal it", async () => {
    const secret = `secret-${randomUUID()}`;
    const standIn = spawn(process.execPath, ['-e', "process.on('SIGTERM',()=>{});setInterval(()=>{},1000)"], {
      env: { ...process.env, TFC_STANDIN_SECRET: secret },
      stdio: 'ignore',
    });
    standIns.push(standIn);
    await new Promise((resolve) => standIn.once('spawn', resolve));
    const { results, log } = await attack(`
      for (const entry of __fs.readdirSync('/proc')) {
        if (!/^\\d+$/.test(entry) || Number(entry) === process.pid) continue;
        let env = '';
        try { env = __fs.readFileSync('/proc/' + entry + '/environ', 'utf8'); } catch { continue; }
        if (env.includes('TFC_STANDIN_SECRET') || env.includes('TFC_ATTACK_TARGET')) {
          console.log('FOUND ' + env.split('\\0').find((v) => v.startsWith('TFC_STANDIN_SECRET')));
          try { process.kill(Number(entry), 'SIGKILL'); } catch {}
        }
      }
    `);
    expect(results.status).not.toBe('pass');
    expect(JSON.stringify(results) + log).not.toContain(secret);
    expect(standIn.exitCode).toBeNull();
    expect(standIn.signalCode).toBeNull();
  });

  it('files written to /tmp vanish with the run', async () => {
    const name = `tfc-attack-${randomUUID()}`;
    const { results } = await attack(`
      try { __fs.writeFileSync('/tmp/${name}', Buffer.alloc(1024 * 1024)); } catch (e) { console.log('no /tmp: ' + e.code); }
      try { __fs.writeFileSync('${path.join(tmpdir(), name)}-2', 'x'); } catch {}
    `);
    expect(results.status).not.toBe('pass');
    expect(existsSync(`/tmp/${name}`)).toBe(false);
    expect(existsSync(path.join(tmpdir(), `${name}-2`))).toBe(false);
  });

  it('the hidden checks and the harness are read-only to learner code', async () => {
    const { results } = await attack(`
      for (const rel of ['../hidden/tests/port-binding.test.mjs', '../hidden/_harness/run.mjs', '../hidden/_harness/checks/port-binding.mjs']) {
        try { __fs.writeFileSync(rel, "import { test } from '../_harness/index.mjs'; test('ok', () => {});"); console.log('WROTE ' + rel); } catch {}
      }
    `);
    expect(results.status).toBe('fail');
  });

  it('an app that eats memory is stopped; the run ends without a pass', async () => {
    const { results } = await attack(`
      const hog = [];
      try { for (let i = 0; i < 64; i++) hog.push(Buffer.alloc(64 * 1024 * 1024, 1)); } catch {}
    `);
    expect(results.status).not.toBe('pass');
  });

  it('has no network but loopback', async () => {
    const { results, log } = await attack(`
      import __os from 'node:os';
      const names = Object.values(__os.networkInterfaces()).flat().filter((i) => !i.internal).map((i) => i.address);
      console.log('EXTERNAL-INTERFACES ' + JSON.stringify(names));
    `);
    expect(results.status).toBe('fail');
    expect(log + JSON.stringify(results)).toContain('EXTERNAL-INTERFACES []');
  });
});

describe.skipIf(!sandboxed)(`"Run app" is contained${noSandbox ? ` (skipped: ${noSandbox})` : ''}`, () => {
  it('a double fork left by the app dies when the app is stopped, and the app sees no process outside its sandbox', async () => {
    const marker = `${300 + Math.floor(Math.random() * 1000)}.${Date.now() % 100000}`;
    let output = '';
    const app = await startApp({
      exerciseId: EXERCISE,
      files: {
        'server.js': `${TOOLS}
          import { spawn as __spawn } from 'node:child_process';
          __spawn('setsid', ['sh', '-c', '(sleep ${marker} &) ; exit 0'], { detached: true, stdio: 'ignore', env: {}, cwd: '/' }).unref();
          console.log('VISIBLE ' + __fs.readdirSync('/proc').filter((e) => /^\\d+$/.test(e)).length);
          ${readFileSync(path.join(repoRoot, 'exercises', EXERCISE, 'solution', 'server.js'), 'utf8')}`,
      },
      onOutput: (chunk) => (output += chunk),
    });
    expect(await app.ready).toBe(true);
    const visible = Number(/VISIBLE (\d+)/.exec(output)?.[1]);
    expect(visible).toBeGreaterThan(0);
    expect(visible).toBeLessThan(10);
    await app.stop();
    expect(await leftovers(marker)).toEqual([]);
  });
});

describe.skipIf(process.platform !== 'linux')('npm run check', () => {
  it('does not report a pass, and exits non-zero, when learner code kills the checks after writing results.json', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tfc-attack-cli-'));
    try {
      for (const file of readdirSync(path.join(repoRoot, 'exercises', EXERCISE, 'starter'))) {
        writeFileSync(path.join(dir, file), readFileSync(path.join(repoRoot, 'exercises', EXERCISE, 'starter', file)));
      }
      writeFileSync(
        path.join(dir, 'server.js'),
        `${TOOLS}
        for (const d of ['..', '../..']) { try { __fs.writeFileSync(d + '/results.json', __passing); } catch {} }
        for (const pid of __ancestors()) if (__cmdline(pid).includes('run.mjs')) process.kill(pid, 'SIGKILL');
        ${starterServer}`,
      );
      const cli = spawnSync(process.execPath, [path.join(repoRoot, 'src', 'cli', 'check.ts'), EXERCISE, '--dir', dir], { encoding: 'utf8', timeout: 60_000 });
      expect(cli.status).not.toBe(0);
      expect(cli.stdout).not.toMatch(/All \d+ checks passed/);
    } finally {
      removeDir(dir);
    }
  }, 70_000);
});
