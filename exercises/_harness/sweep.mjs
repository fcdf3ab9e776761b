// Last line of defence against leftover processes. Every process of a run carries
// TFC_RUN_ID=<id> in its environment (it is inherited); a process that left its
// process group (setsid, a double fork) still carries it. On Linux we can read
// every process's start-up environment from /proc and kill the ones that match;
// one that also scrubbed its environment usually still runs in the learner's
// folder, so its working directory gives it away. Elsewhere (macOS, WebContainer)
// this finds nothing and process groups must do.
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';

/**
 * Kills (SIGKILL) every process whose environment holds TFC_RUN_ID=`runId`, or
 * whose working directory is inside `cwdInside`, except this process and its
 * parent. Returns the pids it killed.
 * @param {string} runId
 * @param {{ exclude?: number[], cwdInside?: string }} [options]
 * @returns {number[]}
 */
export function sweepMarkedProcesses(runId, { exclude = [], cwdInside } = {}) {
  if (!runId || process.platform !== 'linux') return [];
  const skip = new Set([process.pid, process.ppid, ...exclude]);
  const needle = Buffer.from(`TFC_RUN_ID=${runId}\0`);
  let folder = '';
  try {
    folder = cwdInside ? realpathSync(cwdInside) : '';
  } catch {
    // folder already gone: nothing can run in it
  }
  /** @type {number[]} */
  const killed = [];
  /** @type {string[]} */
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return killed;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (skip.has(pid)) continue;
    if (!isMarked(pid, needle) && !(folder && runsInside(pid, folder))) continue;
    try {
      process.kill(pid, 'SIGKILL');
      killed.push(pid);
    } catch {
      // exited meanwhile
    }
  }
  return killed;
}

/** @param {number} pid @param {Buffer} needle */
function isMarked(pid, needle) {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`);
    const at = environ.indexOf(needle);
    return at === 0 || (at > 0 && environ[at - 1] === 0);
  } catch {
    return false; // gone, or not ours to read
  }
}

/** @param {number} pid @param {string} folder */
function runsInside(pid, folder) {
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return cwd === folder || cwd.startsWith(`${folder}/`);
  } catch {
    return false;
  }
}

/**
 * Pids of all descendants of `pid` (children, grandchildren, …), from the
 * parent links in /proc/<pid>/stat (Linux; elsewhere []). Collected before a
 * kill, it also catches processes that left the process group and scrubbed
 * their environment: they are still descendants until their parent dies.
 * @param {number | undefined} pid
 * @returns {number[]}
 */
export function descendantsOf(pid) {
  if (!pid || process.platform !== 'linux') return [];
  /** @type {Map<number, number[]>} */
  const children = new Map();
  /** @type {string[]} */
  let entries;
  try {
    entries = readdirSync('/proc');
  } catch {
    return [];
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      // gone
    }
  }
  /** @type {number[]} */
  const found = [];
  const queue = [pid];
  while (queue.length) {
    for (const child of children.get(/** @type {number} */ (queue.shift())) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

const isWindows = process.platform === 'win32';

/**
 * Signals a process group (falls back to the process). False when nothing was there.
 * `groupOnly`: once the leader has exited its pid may be reused, so only the group is safe to signal.
 * @param {number | undefined} pid
 * @param {NodeJS.Signals} [signal]
 * @param {{ groupOnly?: boolean }} [options]
 * @returns {boolean}
 */
export function killGroup(pid, signal = 'SIGKILL', options = {}) {
  if (!pid) return false;
  if (!isWindows) {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      // No such group (already gone, or the platform has no groups): fall back to the process.
    }
  }
  if (options.groupOnly) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * Kills a process, its group and all its descendants (also those that left the
 * group). Synchronous, so it also works in an 'exit' handler.
 * @param {number | undefined} pid
 */
/**
 * SIGKILLs a process, its group and all its descendants (collected first, so
 * children that left the group are caught too).
 * @param {number | undefined} pid
 */
export function killTree(pid) {
  const descendants = descendantsOf(pid);
  killGroup(pid, 'SIGKILL');
  for (const child of descendants) {
    try {
      process.kill(child, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Kills every app still registered, with everything it started. */
