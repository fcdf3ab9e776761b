import { existsSync, statSync } from 'node:fs';
import { npm, runCommand } from './run-command.ts';

/**
 * Installs dependencies when node_modules is missing or older than the
 * lockfile, so `npm start` and `npm test` work on a fresh clone.
 */
export async function ensureInstalled(signal?: AbortSignal): Promise<void> {
  const marker = 'node_modules/.package-lock.json';
  const stale = !existsSync(marker) || statSync('package-lock.json').mtimeMs > statSync(marker).mtimeMs;
  if (!stale) return;
  console.log('Installing dependencies (npm ci)…');
  const code = await runCommand(npm, ['ci', '--no-audit', '--no-fund'], process.env, signal ? { signal } : {});
  if (signal?.aborted) return;
  if (code !== 0) throw new Error(`npm ci failed with exit code ${code}`);
}
