import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotTree, treeChanges } from '../../../exercises/_harness/tree.mjs';

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfc-tree-'));
  dirs.push(dir);
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return dir;
}
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

describe('snapshotTree / treeChanges: watching a folder for writes', () => {
  it('lists every file by relative path, and sees added, changed and removed files', () => {
    const dir = folder({ 'a.txt': 'one', 'lib/b.js': 'two', 'gone.txt': 'x' });
    const before = snapshotTree(dir);
    expect([...before.keys()]).toEqual(['a.txt', 'gone.txt', 'lib/b.js']);
    writeFileSync(join(dir, 'a.txt'), 'ONE');
    writeFileSync(join(dir, 'lib/new.json'), '{}');
    rmSync(join(dir, 'gone.txt'));
    expect(treeChanges(before, snapshotTree(dir))).toEqual(['changed a.txt', 'added lib/new.json', 'removed gone.txt']);
  });

  it('records empty folders and broken links, reads through working links', () => {
    const dir = folder({ 'real.txt': 'r' });
    const before = snapshotTree(dir);
    mkdirSync(join(dir, 'empty'));
    symlinkSync(join(dir, 'real.txt'), join(dir, 'link.txt'));
    symlinkSync(join(dir, 'nowhere'), join(dir, 'broken'));
    const after = snapshotTree(dir);
    expect(after.get('link.txt')).toBe(after.get('real.txt'));
    expect(treeChanges(before, after)).toEqual(['added broken', 'added empty/', 'added link.txt']);
  });

  it('skips what it is told to, and with times counts a rewrite with the same bytes', () => {
    const dir = folder({ 'keep.txt': 'k', 'node_modules/x/index.js': 'x' });
    const skip = (rel: string) => rel === 'node_modules';
    const before = snapshotTree(dir, { skip, times: true });
    expect([...before.keys()]).toEqual(['keep.txt']);
    utimesSync(join(dir, 'keep.txt'), new Date(2030, 0, 1), new Date(2030, 0, 1));
    expect(treeChanges(before, snapshotTree(dir, { skip, times: true }))).toEqual(['changed keep.txt']);
    expect(treeChanges(snapshotTree(dir, { skip }), snapshotTree(dir, { skip }))).toEqual([]);
  });

  it('gives an empty snapshot for a folder that does not exist', () => {
    expect(snapshotTree(join(tmpdir(), 'tfc-no-such-folder-here')).size).toBe(0);
  });
});
