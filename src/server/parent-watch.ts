/**
 * `npm start` is a chain: npm → (its shell, `sh -c "…"`) → node scripts/start.ts
 * (`npm run serve` the same, with src/server/main.ts). npm 11 forwards a SIGTERM
 * it gets to its direct child only, the shell, which dies of it: with no more
 * than that the server never hears it and runs on, orphaned (other npm versions
 * and a SIGKILLed npm forward nothing at all). This watch lets the server notice
 * instead: it stops when its parent is gone (it was re-parented) or, when that
 * parent is npm's shell, when npm itself is gone. Polling is the one portable way
 * to see a parent go; it checks twice a second and never keeps the process alive.
 *
 * Only for processes started by npm (npm_lifecycle_event is set): a server
 * started by hand and left to run (nohup, a terminal multiplexer) must not stop
 * because the shell that started it closed.
 */
import { readFileSync } from 'node:fs';

export interface ParentWatch {
  /** The processes watched, nearest first (the server's parent, then npm when the parent is its shell). */
  readonly watched: readonly number[];
  stop(): void;
}

const SHELLS = new Set(['sh', 'dash', 'bash', 'zsh', 'ash', 'ksh', 'mksh', 'busybox']);

function proc(pid: number, file: string): string | null {
  try {
    return readFileSync(`/proc/${pid}/${file}`, 'utf8');
  } catch {
    return null;
  }
}

/** Parent pid of `pid` (Linux /proc), or null when unknown or gone. */
export function parentOf(pid: number): number | null {
  const stat = proc(pid, 'stat');
  if (stat === null) return null;
  const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  return Number.isInteger(ppid) ? ppid : null;
}

function isShell(pid: number): boolean {
  const comm = proc(pid, 'comm')?.trim() ?? '';
  return SHELLS.has(comm);
}

function isNpm(pid: number): boolean {
  const comm = proc(pid, 'comm')?.trim() ?? '';
  const cmdline = proc(pid, 'cmdline')?.split('\0') ?? [];
  return /^npm\b/.test(comm) || cmdline.some((arg) => /(^|[\\/])npm(-cli\.js)?$/.test(arg));
}

export interface WatchOptions {
  intervalMs?: number;
  env?: NodeJS.ProcessEnv;
}

/**
 * Calls `onGone` once when the process that started this one (npm, or npm's
 * shell and npm) has gone. Returns null when not started by npm.
 */
export function watchParents(onGone: (reason: string) => void, options: WatchOptions = {}): ParentWatch | null {
  const env = options.env ?? process.env;
  if (!env['npm_lifecycle_event']) return null;
  const parent = process.ppid;
  // Through a shell: also watch npm above it, in case npm is told to stop and does not forward it (or cannot).
  const grandparent = isShell(parent) ? parentOf(parent) : null;
  const npm = grandparent !== null && grandparent > 1 && isNpm(grandparent) ? grandparent : null;

  let fired = false;
  const check = () => {
    if (fired) return;
    let reason: string | null = null;
    if (process.ppid !== parent) reason = 'parent-exited';
    else if (npm !== null && parentOf(parent) !== npm) reason = 'npm-exited';
    if (reason === null) return;
    fired = true;
    clearInterval(timer);
    onGone(reason);
  };
  const timer = setInterval(check, options.intervalMs ?? 500);
  timer.unref();
  return {
    watched: npm === null ? [parent] : [parent, npm],
    stop: () => clearInterval(timer),
  };
}
