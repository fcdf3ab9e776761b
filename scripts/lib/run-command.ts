import { spawn } from 'node:child_process';

export interface RunCommandOptions {
  /**
   * Aborting it stops the command: SIGTERM to its whole process group (POSIX), so a
   * command that runs others through a shell (`npm run build`) stops with them. The
   * promise still resolves with the exit code once the command has exited.
   */
  signal?: AbortSignal;
}

const posix = process.platform !== 'win32';

/** Runs a command with inherited stdio and resolves with its exit code (signals count as failure). */
export function runCommand(command: string, args: string[], env: NodeJS.ProcessEnv = process.env, options: RunCommandOptions = {}): Promise<number> {
  const { signal } = options;
  return new Promise((resolve, reject) => {
    // A stoppable command gets its own process group; the caller passes on SIGINT/SIGTERM through `signal`.
    const child = spawn(command, args, { stdio: 'inherit', env, detached: posix && signal !== undefined });
    const stop = () => {
      try {
        if (posix && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
        else child.kill('SIGTERM');
      } catch {
        child.kill('SIGTERM');
      }
    };
    signal?.addEventListener('abort', stop, { once: true });
    child.on('error', (error) => {
      signal?.removeEventListener('abort', stop);
      reject(error);
    });
    child.on('exit', (code, exitSignal) => {
      signal?.removeEventListener('abort', stop);
      resolve(code ?? (exitSignal ? 1 : 0));
    });
    if (signal?.aborted) stop();
  });
}

export const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
export const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
