/**
 * programs.mjs and spawn-observer.mjs: a PATH that holds nothing but node, and a
 * record of every program an app starts (directly, by absolute path, through a
 * shell, synchronously or not), used directly as hidden tests use them.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeLaunch, isNodeItself, nodeOnlyPath, recordLaunches } from '../../../exercises/_harness/programs.mjs';
import { removeDir } from '../engine/fixtures.ts';

const dir = mkdtempSync(path.join(tmpdir(), 'tfc-programs-test-'));
afterAll(() => removeDir(dir));

/** Runs `source` as an ES module with the observer preloaded and nothing but node on PATH. */
function runObserved(source: string) {
  const file = path.join(dir, `app-${Math.random().toString(36).slice(2)}.mjs`);
  writeFileSync(file, source);
  const launches = recordLaunches();
  const result = spawnSync(process.execPath, [...launches.nodeArgs, file], {
    env: { PATH: nodeOnlyPath(), ...launches.env },
    encoding: 'utf8',
    timeout: 10_000,
  });
  return { result, launches };
}

describe('nodeOnlyPath', () => {
  it('is a folder holding only node, which is this Node binary', () => {
    const folder = nodeOnlyPath();
    expect(readdirSync(folder)).toEqual([process.platform === 'win32' ? 'node.exe' : 'node']);
    expect(realpathSync(path.join(folder, readdirSync(folder)[0] ?? ''))).toBe(realpathSync(process.execPath));
    expect(nodeOnlyPath()).toBe(folder);
  });
});

describe.skipIf(process.platform === 'win32')('recordLaunches', { timeout: 20_000 }, () => {
  it('records async and sync launches, shells included, whether or not the program exists', () => {
    const { result, launches } = runObserved(`
import { execFile, execFileSync, execSync, spawn, spawnSync } from 'node:child_process';
import cp from 'node:child_process';
try { execFileSync('curl', ['-s', 'http://x.invalid']); } catch {}
spawnSync('openssl', ['rand', '-hex', '3']);
execSync('node -e "1"');
cp.spawnSync('echo', ['hi'], { shell: true });
spawnSync(process.execPath, ['-e', '1']);
const child = spawn('node', ['-e', '1']);
child.on('exit', () => execFile('/usr/bin/curl', ['--version'], () => console.log('done')));
child.on('error', () => {});
`);
    expect(result.stdout).toContain('done');
    expect(launches.loaded()).toBe(true);
    const seen = launches.list().map((l) => ({ file: l.file, args: l.args, shell: Boolean(l.shell), node: isNodeItself(l) }));
    expect(seen).toEqual([
      { file: 'curl', args: ['-s', 'http://x.invalid'], shell: false, node: false },
      { file: 'openssl', args: ['rand', '-hex', '3'], shell: false, node: false },
      { file: '/bin/sh', args: ['-c', 'node -e "1"'], shell: true, node: false },
      { file: '/bin/sh', args: ['-c', 'echo hi'], shell: true, node: false },
      { file: process.execPath, args: ['-e', '1'], shell: false, node: true },
      { file: 'node', args: ['-e', '1'], shell: false, node: true },
      { file: '/usr/bin/curl', args: ['--version'], shell: false, node: false },
    ]);
  });

  it('sees exec() and spawn with shell: true as a shell', () => {
    const { launches } = runObserved(`
import { exec, spawn } from 'node:child_process';
exec('curl --version', () => {
  spawn('openssl version', { shell: true }).on('exit', () => {}).on('error', () => {});
});
`);
    const list = launches.list();
    expect(list.map((l) => [l.file, l.args, l.shell])).toEqual([
      ['/bin/sh', ['-c', 'curl --version'], true],
      ['/bin/sh', ['-c', 'openssl version'], true],
    ]);
    expect(list.every((l) => !isNodeItself(l))).toBe(true);
  });

  it('changes nothing for the app: results, errors and promisify work as without it', () => {
    const { result, launches } = runObserved(`
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
const { stdout } = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write("out")']);
const missing = spawnSync('no-such-program-here');
console.log(JSON.stringify({ stdout, code: missing.error?.code }));
`);
    expect(JSON.parse(result.stdout.trim())).toEqual({ stdout: 'out', code: 'ENOENT' });
    expect(launches.list()).toHaveLength(2);
  });

  it('records nothing, and loads, for an app that starts no program', () => {
    const { launches } = runObserved('console.log(1);\n');
    expect(launches.loaded()).toBe(true);
    expect(launches.list()).toEqual([]);
  });
});

describe('describeLaunch', () => {
  it('writes a command line, quoting what needs quotes, cut to a length', () => {
    expect(describeLaunch({ file: 'curl', args: ['-s', '-w', '%{http_code}', 'http://a.test/x'], how: 'async', pid: 1 })).toBe('curl -s -w "%{http_code}" http://a.test/x');
    expect(describeLaunch({ file: '/bin/sh', args: ['-c', 'openssl rand -hex 3'], shell: true, how: 'execSync', pid: 1 })).toBe('/bin/sh -c "openssl rand -hex 3"');
    expect(describeLaunch({ file: 'x', args: ['y'.repeat(300)], how: 'async', pid: 1 }, 20)).toHaveLength(20);
  });
});
