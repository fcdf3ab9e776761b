/**
 * The course server's scratch folder, and the clean-up of those a crashed
 * server left behind.
 *
 * With the runner on, the server makes one folder per process,
 * `<tmp>/tfc-course-server-<pid>-XXXXXX/`, writes an owner marker in it
 * (`owner.json`: pid, the process's start time and the boot id), and points
 * its own TMPDIR there, so every run and app folder the engine makes
 * (`tfc-run-*`, via os.tmpdir()) and whatever learner apps write to their temp
 * folder land inside it. A clean shutdown removes the folder. At start-up the
 * server removes the folders of owners that no longer run.
 *
 * Only folders this module made are touched: a real directory (not a link)
 * directly in the temp folder, named with the prefix, owned by this user, with
 * a readable marker whose process is gone (dead pid, a pid now used by another
 * process, or an earlier boot). Anything else — other names, no marker, an
 * owner still alive — is left alone.
 */
import { lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const SCRATCH_PREFIX = 'tfc-course-server-';
export const OWNER_FILE = 'owner.json';

export interface Owner {
  pid: number;
  /** Start time of the process (Linux: clock ticks after boot, /proc/<pid>/stat); null where unknown. */
  started: string | null;
  /** /proc/sys/kernel/random/boot_id; null where unknown. */
  boot: string | null;
}

function readText(path: string): string | null {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
}

/** When process `pid` started (Linux), or null. */
export function processStartTime(pid: number): string | null {
  const stat = readText(`/proc/${pid}/stat`);
  if (stat === null) return null;
  // Field 2 (the command name) is in parentheses and may hold spaces: count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null; // field 22 of the whole line
}

function bootId(): string | null {
  return readText('/proc/sys/kernel/random/boot_id')?.trim() || null;
}

export function currentOwner(): Owner {
  return { pid: process.pid, started: processStartTime(process.pid), boot: bootId() };
}

/** Is the process that wrote `owner` still running? When unsure, yes. */
export function ownerAlive(owner: Owner): boolean {
  const boot = bootId();
  if (owner.boot && boot && owner.boot !== boot) return false;
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: a process of another user has that pid now — not ours, so our owner is gone.
    if ((error as NodeJS.ErrnoException).code === 'EPERM') return false;
    return true;
  }
  if (owner.started !== null) {
    const started = processStartTime(owner.pid);
    if (started !== null && started !== owner.started) return false; // the pid was reused
  }
  return true;
}

function readOwner(dir: string): Owner | null {
  const text = readText(join(dir, OWNER_FILE));
  if (text === null) return null;
  try {
    const value = JSON.parse(text) as Partial<Owner>;
    if (!Number.isInteger(value.pid) || (value.pid ?? 0) <= 0) return null;
    return {
      pid: value.pid!,
      started: typeof value.started === 'string' ? value.started : null,
      boot: typeof value.boot === 'string' ? value.boot : null,
    };
  } catch {
    return null;
  }
}

/** Removes the scratch folders in `base` whose owner process is gone; returns their paths. */
export function removeStaleFolders(base: string = tmpdir()): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(base);
  } catch {
    return removed;
  }
  const uid = process.getuid?.();
  for (const name of names) {
    if (!name.startsWith(SCRATCH_PREFIX)) continue;
    const dir = join(base, name);
    try {
      const stats = lstatSync(dir);
      if (!stats.isDirectory() || (uid !== undefined && stats.uid !== uid)) continue;
      const owner = readOwner(dir);
      if (!owner || owner.pid === process.pid || ownerAlive(owner)) continue;
      rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
      removed.push(dir);
    } catch {
      // vanished meanwhile, or not ours to remove: leave it
    }
  }
  return removed;
}

export interface ScratchFolder {
  dir: string;
  /** Stale folders removed before this one was made. */
  removed: string[];
  /** Removes the folder (at shutdown). */
  release(): void;
}

/** Removes stale scratch folders in `base`, then makes this process's own, marked with its owner. */
export function claimScratchFolder(base: string = tmpdir()): ScratchFolder {
  const removed = removeStaleFolders(base);
  const dir = mkdtempSync(join(base, `${SCRATCH_PREFIX}${process.pid}-`));
  writeFileSync(join(dir, OWNER_FILE), JSON.stringify(currentOwner()) + '\n');
  return {
    dir,
    removed,
    release: () => rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 }),
  };
}
