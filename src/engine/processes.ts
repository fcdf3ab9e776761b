/**
 * Process plumbing for the runner: a minimal environment for learner code,
 * killing process groups, and sweeping up processes that escaped their group.
 * Killing, sweeping and finding ports are the harness's job inside a run and the
 * runner's around it, so both use the one implementation in exercises/_harness
 * (Node built-ins only, no side effects on import).
 */
import { anyFreePort } from '../../exercises/_harness/net.mjs';
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
export const freePort: () => Promise<number> = anyFreePort;
