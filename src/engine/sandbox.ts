/**
 * Containment for the processes a run starts (hidden tests and learner code)
 * and for "Run app". Two levels, chosen once per process:
 *
 * - `sandbox` (Linux with bubblewrap and user namespaces): the run lives in
 *   its own PID namespace (every process dies with it, none can see or signal
 *   the course server), with loopback-only networking for test runs, the whole
 *   file system read-only except the learner's folder and the run's own temp
 *   folder, a private /tmp that vanishes with it, and memory and process-count
 *   limits (a cgroup where one can be created, else an address-space rlimit).
 * - `process-group` (macOS, Windows, Linux without bubblewrap or user
 *   namespaces): process-group clean-up and a sweep for the run's marker, a
 *   minimal environment; no file-system, network or memory containment.
 *
 * `/api/runtime`, the workbench and `npm run check` say which level is in force.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type SandboxMode = 'auto' | 'require' | 'off';

export interface ContainmentSettings {
  /** auto: sandbox when the platform allows it; require: refuse to run without it; off: never. */
  mode: SandboxMode;
  /** Memory for all processes of one run together. */
  memoryMb: number;
  /** Processes (and threads) one run may have at once, where a cgroup can enforce it. */
  maxProcesses: number;
}

export const DEFAULT_CONTAINMENT: ContainmentSettings = { mode: 'auto', memoryMb: 1536, maxProcesses: 512 };

export interface Containment {
  level: 'sandbox' | 'process-group';
  /** One sentence for the learner: what holds, and why not more. */
  description: string;
}

export class SandboxUnavailableError extends Error {
  override name = 'SandboxUnavailableError';
}

const BWRAP_PROBE = ['--unshare-pid', '--unshare-net', '--die-with-parent', '--ro-bind', '/', '/', '--proc', '/proc', '--dev', '/dev', 'true'];

let probed: { ok: boolean; reason: string } | undefined;

/** Whether bubblewrap can build our sandbox here (tried once, with a real sandboxed `true`). */
function probeBubblewrap(): { ok: boolean; reason: string } {
  if (probed) return probed;
  if (process.platform !== 'linux') probed = { ok: false, reason: `${process.platform} has no Linux namespaces` };
  else {
    const result = spawnSync('bwrap', BWRAP_PROBE, { stdio: ['ignore', 'ignore', 'pipe'], timeout: 5000, encoding: 'utf8' });
    if (result.error) probed = { ok: false, reason: 'bubblewrap (bwrap) is not installed' };
    else if (result.status !== 0) probed = { ok: false, reason: `bubblewrap cannot create namespaces here (${result.stderr.trim().split('\n')[0] || `exit ${result.status}`})` };
    else probed = { ok: true, reason: '' };
  }
  return probed;
}

/** The containment runs get with these settings; throws SandboxUnavailableError for `require` without a sandbox. */
export function containmentFor(settings: ContainmentSettings = DEFAULT_CONTAINMENT): Containment {
  const probe = settings.mode === 'off' ? { ok: false, reason: 'the sandbox is turned off (RUNNER_SANDBOX=off)' } : probeBubblewrap();
  if (probe.ok) {
    const limits = cgroupRoots() ? 'memory and process-count limits' : 'an address-space limit';
    return {
      level: 'sandbox',
      description: `Sandboxed with bubblewrap: own process namespace, loopback-only network for checks, read-only files except your folder, private /tmp, ${limits}.`,
    };
  }
  if (settings.mode === 'require') throw new SandboxUnavailableError(`RUNNER_SANDBOX=require, but no sandbox is available: ${probe.reason}.`);
  return {
    level: 'process-group',
    description: `Not sandboxed (${probe.reason}): processes are cleaned up by process group, with a minimal environment; your code can reach the network and files like any program you run.`,
  };
}

/** cgroup v1 hierarchies for memory and pids that this process may create groups in, or null. */
function cgroupRoots(): { memory: string; pids: string } | null {
  const memory = '/sys/fs/cgroup/memory';
  const pids = '/sys/fs/cgroup/pids';
  try {
    accessSync(path.join(memory, 'cgroup.procs'), constants.W_OK);
    accessSync(path.join(pids, 'cgroup.procs'), constants.W_OK);
    return existsSync(path.join(memory, 'memory.limit_in_bytes')) ? { memory, pids } : null;
  } catch {
    return null;
  }
}

export interface SandboxedCommand {
  command: string;
  args: string[];
  /** Removes what the sandbox set up outside itself (cgroups); call once the run's processes were killed. */
  release(): Promise<void>;
}

export interface WrapOptions {
  /** Folders under /tmp the run needs to read (the private /tmp hides the host's). */
  readable: string[];
  /** Folders the run may write to (everything else is read-only). */
  writable: string[];
  /** Working directory inside the sandbox. */
  cwd: string;
  /** `loopback`: a network namespace of its own (tests); `host`: the host's (an app the course server proxies to). */
  network: 'loopback' | 'host';
  /** Unique name for the run's cgroups. */
  name: string;
  settings: ContainmentSettings;
}

/**
 * The command line that runs `command args` in the sandbox, or the command
 * unchanged at the process-group level.
 */
export function wrapCommand(command: string, args: string[], options: WrapOptions): SandboxedCommand {
  if (containmentFor(options.settings).level !== 'sandbox') return { command, args, release: async () => undefined };
  const bwrap = [
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    ...(options.network === 'loopback' ? ['--unshare-net'] : []),
    '--die-with-parent',
    '--ro-bind', '/', '/',
    '--dev', '/dev',
    '--proc', '/proc',
    // A private /tmp; the run's own folders (which live under the host's /tmp) are mounted back into it.
    '--tmpfs', '/tmp',
    ...options.readable.flatMap((dir) => ['--ro-bind', dir, dir]),
    ...options.writable.flatMap((dir) => ['--bind', dir, dir]),
    '--chdir', options.cwd,
    '--', command, ...args,
  ];
  const cgroups = cgroupRoots();
  if (cgroups) {
    const memory = path.join(cgroups.memory, options.name);
    const pids = path.join(cgroups.pids, options.name);
    try {
      mkdirSync(memory);
      mkdirSync(pids);
      writeFileSync(path.join(memory, 'memory.limit_in_bytes'), String(options.settings.memoryMb * 1024 * 1024));
      writeFileSync(path.join(pids, 'pids.max'), String(options.settings.maxProcesses));
      // The shell joins the groups, then becomes bubblewrap: nothing of the run starts outside them.
      const join = 'echo $$ > "$1/cgroup.procs" && echo $$ > "$2/cgroup.procs" && shift 2 && exec "$@"';
      return { command: 'sh', args: ['-c', join, 'sh', memory, pids, 'bwrap', ...bwrap], release: () => removeGroups([memory, pids]) };
    } catch {
      void removeGroups([memory, pids]);
    }
  }
  // No cgroup: an address-space limit per process (Node reserves about 2 GB of address space to start).
  if (!hasPrlimit()) return { command: 'bwrap', args: bwrap, release: async () => undefined };
  const bytes = (Math.max(options.settings.memoryMb, 1024) + 2048) * 1024 * 1024;
  return { command: 'prlimit', args: [`--as=${bytes}`, '--', 'bwrap', ...bwrap], release: async () => undefined };
}

let prlimitFound: boolean | undefined;
function hasPrlimit(): boolean {
  prlimitFound ??= !spawnSync('prlimit', ['--version'], { stdio: 'ignore', timeout: 5000 }).error;
  return prlimitFound;
}

/** Removes cgroups; their last processes may take a moment to leave after a kill. */
async function removeGroups(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (let attempt = 0; attempt < 20 && existsSync(dir); attempt++) {
      try {
        rmdirSync(dir);
      } catch {
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    }
  }
}

/** Removes the cgroups of runs from an earlier server or CLI that did not get to clean up (empty ones only). */
export function removeStaleGroups(): void {
  const roots = cgroupRoots();
  if (!roots) return;
  for (const root of [roots.memory, roots.pids]) {
    for (const entry of readdirSync(root, { withFileTypes: true })) {
      if (!entry.isDirectory() || !entry.name.startsWith('tfc-')) continue;
      try {
        rmdirSync(path.join(root, entry.name));
      } catch {
        // still in use by a run of another course process
      }
    }
  }
}
