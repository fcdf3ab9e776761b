/**
 * Process plumbing for the runner: a minimal environment for learner code,
 * killing process groups, and sweeping up processes that escaped their group.
 * Killing and sweeping are the harness's job inside a run and the runner's
 * around it, so both use the one implementation in exercises/_harness/sweep.mjs
 * (Node built-ins only, no side effects on import).
 */
import net from 'node:net';
import * as sweep from '../../exercises/_harness/sweep.mjs';

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

export const descendantsOf: (pid: number | undefined) => number[] = sweep.descendantsOf;
export const killTree: (pid: number | undefined) => void = sweep.killTree;
export const killGroup: (pid: number | undefined, signal?: NodeJS.Signals, options?: { groupOnly?: boolean }) => boolean = sweep.killGroup;

/**
 * SIGKILLs every process whose start-up environment holds TFC_RUN_ID=`runId`
 * (Linux: /proc/<pid>/environ), or whose working directory is inside
 * `cwdInside`: it catches processes that left their process group. Returns
 * the pids it killed; elsewhere returns [] (process groups must do).
 */
export function sweepMarkedProcesses(runId: string, cwdInside?: string): number[] {
  return sweep.sweepMarkedProcesses(runId, cwdInside === undefined ? {} : { cwdInside });
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
