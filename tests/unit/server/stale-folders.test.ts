/**
 * Run folders of a crashed server are removed at the next start — only the
 * server's own (prefix, owner marker, owner gone), never anything else.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { claimScratchFolder, currentOwner, OWNER_FILE, removeStaleFolders, SCRATCH_PREFIX, type Owner } from '../../../src/server/stale-folders.ts';
import { listening, makeDist, removeDir, spawnMain } from './helpers.ts';

const linux = process.platform === 'linux';

/** The pid of a process that has exited (and been reaped). */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(child.stdout.trim());
}

/** A scratch folder as a server with `owner` would have left it, with a run folder inside. */
function scratchOf(base: string, name: string, owner: Owner | null): string {
  const dir = join(base, name);
  mkdirSync(join(dir, 'tfc-run-abc', 'learner'), { recursive: true });
  writeFileSync(join(dir, 'tfc-run-abc', 'learner', 'server.js'), 'listen()');
  if (owner) writeFileSync(join(dir, OWNER_FILE), JSON.stringify(owner));
  return dir;
}

let base: string;
afterEach(() => removeDir(base));

describe('removeStaleFolders', () => {
  it('removes folders whose owner is gone, and only those', () => {
    base = mkdtempSync(join(tmpdir(), 'tfc-stale-'));
    const me = currentOwner();
    const dead = scratchOf(base, `${SCRATCH_PREFIX}1-dead`, { pid: deadPid(), started: null, boot: null });
    const rebooted = scratchOf(base, `${SCRATCH_PREFIX}2-boot`, { pid: process.ppid, started: null, boot: me.boot === null ? null : 'another-boot' });
    const alive = scratchOf(base, `${SCRATCH_PREFIX}3-alive`, { pid: process.ppid, started: null, boot: null });
    const noMarker = scratchOf(base, `${SCRATCH_PREFIX}4-nomarker`, null);
    const badMarker = scratchOf(base, `${SCRATCH_PREFIX}5-bad`, null);
    writeFileSync(join(badMarker, OWNER_FILE), 'not json');
    const otherName = scratchOf(base, 'tfc-run-xyz', { pid: deadPid(), started: null, boot: null });
    const file = join(base, `${SCRATCH_PREFIX}6-file`);
    writeFileSync(file, 'a file, not a folder');
    // A link with our prefix to someone's folder: neither the link nor its target is touched.
    const target = scratchOf(base, 'precious', { pid: deadPid(), started: null, boot: null });
    const link = join(base, `${SCRATCH_PREFIX}7-link`);
    symlinkSync(target, link);

    const removed = removeStaleFolders(base);

    expect(removed.sort()).toEqual(linux ? [dead, rebooted].sort() : [dead]);
    expect(existsSync(dead)).toBe(false);
    for (const kept of [alive, noMarker, badMarker, otherName, file, link, target]) expect(existsSync(kept), kept).toBe(true);
    expect(readFileSync(join(target, 'tfc-run-abc', 'learner', 'server.js'), 'utf8')).toBe('listen()');
  });

  it.skipIf(!linux)('removes a folder whose pid now belongs to another process (pid reuse)', () => {
    base = mkdtempSync(join(tmpdir(), 'tfc-stale-'));
    const reused = scratchOf(base, `${SCRATCH_PREFIX}8-reused`, { pid: process.ppid, started: '1', boot: currentOwner().boot });
    expect(removeStaleFolders(base)).toEqual([reused]);
  });

  it('claimScratchFolder cleans up, then makes a marked folder of its own that the next claim keeps', () => {
    base = mkdtempSync(join(tmpdir(), 'tfc-stale-'));
    const dead = scratchOf(base, `${SCRATCH_PREFIX}1-dead`, { pid: deadPid(), started: null, boot: null });
    const scratch = claimScratchFolder(base);
    expect(scratch.removed).toEqual([dead]);
    expect(scratch.dir.startsWith(join(base, `${SCRATCH_PREFIX}${process.pid}-`))).toBe(true);
    expect(JSON.parse(readFileSync(join(scratch.dir, OWNER_FILE), 'utf8'))).toEqual(currentOwner());
    expect(removeStaleFolders(base)).toEqual([]);
    expect(existsSync(scratch.dir)).toBe(true);
    scratch.release();
    expect(existsSync(scratch.dir)).toBe(false);
  });
});

describe('the course server (node src/server/main.ts) and its scratch folders', () => {
  let root: string;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'tfc-stale-main-'));
    makeDist({ at: join(root, 'dist') });
  });
  afterAll(() => removeDir(root));

  const ours = () => readdirSync(base).filter((n) => n.startsWith(SCRATCH_PREFIX));

  it('a crashed server leaves its folder; the next start removes it, makes its own, and removes that on SIGTERM', async () => {
    base = mkdtempSync(join(tmpdir(), 'tfc-stale-tmp-'));
    const env = { PORT: '0', HOST: '127.0.0.1', RUNNER: 'on', TMPDIR: base };
    const unrelated = scratchOf(base, 'tfc-run-unrelated', null);

    const crashed = spawnMain(root, env);
    await listening(crashed);
    const [left] = ours();
    expect(left).toMatch(new RegExp(`^${SCRATCH_PREFIX}${crashed.child.pid}-`));
    expect(JSON.parse(readFileSync(join(base, left!, OWNER_FILE), 'utf8'))).toMatchObject({ pid: crashed.child.pid });
    crashed.child.kill('SIGKILL');
    expect((await crashed.exit).signal).toBe('SIGKILL');
    expect(ours()).toEqual([left]);

    const next = spawnMain(root, env);
    await listening(next);
    const events = () => next.stdout().trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(events().find((e) => e['event'] === 'stale-folders-removed')).toMatchObject({ level: 'info', folders: [join(base, left!)] });
    const now = ours();
    expect(now).toHaveLength(1);
    expect(now[0]).toMatch(new RegExp(`^${SCRATCH_PREFIX}${next.child.pid}-`));
    expect(existsSync(unrelated)).toBe(true);

    next.child.kill('SIGTERM');
    expect(await next.exit).toEqual({ code: 0, signal: null });
    expect(ours()).toEqual([]);
    expect(existsSync(unrelated)).toBe(true);
  });

  it('runs and apps get their temp folder inside the scratch folder (TMPDIR points there)', async () => {
    base = mkdtempSync(join(tmpdir(), 'tfc-stale-tmp-'));
    const probe = spawn(process.execPath, ['--input-type=module', '-e', `
      const { main } = await import(${JSON.stringify(join(process.cwd(), 'src/server/main.ts'))});
      const running = await main({ distDir: ${JSON.stringify(join(root, 'dist'))} });
      const { tmpdir } = await import('node:os');
      console.log(JSON.stringify({ event: 'probe', tmp: tmpdir() }));
      running.stop('test');
    `], { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', PORT: '0', HOST: '127.0.0.1', RUNNER: 'on', TMPDIR: base }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    probe.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise((resolve) => probe.on('close', resolve));
    expect(code).toBe(0);
    const events = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    const tmp = String(events.find((e) => e['event'] === 'probe')?.['tmp']);
    expect(tmp.startsWith(join(base, SCRATCH_PREFIX))).toBe(true);
    expect(events.find((e) => e['event'] === 'shutdown')).toMatchObject({ reason: 'test' });
    expect(ours()).toEqual([]);
  });
});
