// Watching a folder for writes: a snapshot of every file under a folder (path →
// hash of its bytes), and the changes between two snapshots in words. Used where
// the principle is about what a stage or a process writes: a release that must
// stay byte-identical (V), a process that must keep nothing on local disk (VI).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const MAX_DEPTH = 12;

/**
 * Every file under `dir` → SHA-256 of its bytes ('/'-separated relative paths, sorted), read through
 * symbolic links as a process reading the tree would. Empty folders and broken links are recorded too, so
 * their appearance counts as a change. A missing `dir` gives an empty map.
 * @param {string} dir
 * @param {{ skip?: (relativePath: string) => boolean, times?: boolean }} [options]
 *   `skip` leaves out a file or a whole folder; `times` adds each file's modification time, so that
 *   rewriting a file with the same bytes counts as a change too
 * @returns {Map<string, string>}
 */
export function snapshotTree(dir, { skip = () => false, times = false } = {}) {
  /** @type {Map<string, string>} */
  const files = new Map();
  /** @param {string} abs @param {string} rel @param {number} depth */
  const visit = (abs, rel, depth) => {
    if (rel && skip(rel)) return;
    let stat;
    try {
      stat = statSync(abs);
    } catch {
      // A broken link, or a file removed between the listing and the read.
      files.set(rel, 'missing or a broken link');
      return;
    }
    if (stat.isDirectory()) {
      if (depth > MAX_DEPTH) return;
      const names = readdirSync(abs).sort();
      if (!names.length && rel) files.set(`${rel}/`, 'an empty folder');
      for (const name of names) visit(path.join(abs, name), rel ? `${rel}/${name}` : name, depth + 1);
    } else if (stat.isFile()) {
      try {
        const hash = createHash('sha256').update(readFileSync(abs)).digest('hex');
        files.set(rel, times ? `${stat.mtimeMs}:${hash}` : hash);
      } catch {
        files.set(rel, 'unreadable');
      }
    }
  };
  if (existsSync(dir)) visit(dir, '', 0);
  return files;
}

/**
 * What changed from one snapshot to the next, in words: "added x", "changed y", "removed z".
 * @param {Map<string, string>} before
 * @param {Map<string, string>} after
 * @returns {string[]}
 */
export function treeChanges(before, after) {
  /** @type {string[]} */
  const changes = [];
  for (const [file, hash] of after) {
    if (!before.has(file)) changes.push(`added ${file}`);
    else if (before.get(file) !== hash) changes.push(`changed ${file}`);
  }
  for (const file of before.keys()) if (!after.has(file)) changes.push(`removed ${file}`);
  return changes;
}
