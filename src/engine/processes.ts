/**
 * Process plumbing for the runner: a minimal environment for learner code,
 * killing process groups, and sweeping up processes that escaped their group.
 * (exercises/_harness/sweep.mjs does the same inside a run; this copy keeps the
 * engine free of imports from the exercises folder.)
 */
import { readdirSync, readFileSync, readlinkSync, realpathSync } from 'node:fs';
import net from 'node:net';

export const isWindows = process.platform === 'win32';

/**
 * The environment learner code gets: enough to run Node, nothing from the host
 * process (which may hold tokens or credentials), plus the given variables.
 */
export function minimalEnv(extra: Record<string, string>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'TEMP', 'TMP', 'LANG', 'TZ', 'SystemRoot']) {
    const value = process.env[name];
    if (value) env[name] = value;
  }
  return { ...env, ...extra };
}

/**
 * Pids of all descendants of `pid`, from the parent links in /proc/<pid>/stat
 * (Linux; elsewhere []). Collected before a kill, it also catches processes
 * that left the process group and scrubbed their environment.
 */
export function descendantsOf(pid: number | undefined): number[] {
  if (!pid || process.platform !== 'linux') return [];
  const children = new Map<number, number[]>();
  let entries: string[];
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
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      // gone
    }
  }
  const found: number[] = [];
  const queue = [pid];
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    for (const child of children.get(next) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}

/** SIGKILLs a process, its group and all its descendants. */
export function killTree(pid: number | undefined): void {
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

/**
 * Signals a process group (falls back to the process). False when nothing was there.
 * `groupOnly`: once the leader has exited its pid may be reused, so only the group is safe to signal.
 */
export function killGroup(pid: number | undefined, signal: NodeJS.Signals = 'SIGKILL', options: { groupOnly?: boolean } = {}): boolean {
  if (!pid) return false;
  if (!isWindows) {
    try {
      process.kill(-pid, signal);
      return true;
    } catch {
      // no group left; try the process itself
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
 * SIGKILLs every process whose start-up environment holds TFC_RUN_ID=`runId`
 * (Linux: /proc/<pid>/environ), or whose working directory is inside
 * `cwdInside`. Catches processes that left their process group (and those that
 * also scrubbed their environment but still run in the learner's folder).
 * Returns the pids it killed; elsewhere returns [] (process groups must do).
 */
export function sweepMarkedProcesses(runId: string, cwdInside?: string): number[] {
  if (!runId || process.platform !== 'linux') return [];
  const needle = Buffer.from(`TFC_RUN_ID=${runId}\0`);
  let folder = '';
  try {
    folder = cwdInside ? realpathSync(cwdInside) : '';
  } catch {
    // already removed
  }
  const killed: number[] = [];
  let entries: string[];
  try {
    entries = readdirSync('/proc');
  } catch {
    return killed;
  }
  for (const entry of entries) {
    if (!/^\d+$/.test(entry)) continue;
    const pid = Number(entry);
    if (pid === process.pid) continue;
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

function isMarked(pid: number, needle: Buffer): boolean {
  try {
    const environ = readFileSync(`/proc/${pid}/environ`);
    const at = environ.indexOf(needle);
    return at === 0 || (at > 0 && environ[at - 1] === 0);
  } catch {
    return false;
  }
}

function runsInside(pid: number, folder: string): boolean {
  try {
    const cwd = readlinkSync(`/proc/${pid}/cwd`);
    return cwd === folder || cwd.startsWith(`${folder}/`);
  } catch {
    return false;
  }
}

/** A free TCP port, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}
