/** Runs a CLI script for real, as `npm run <script>` would, with the workspace in a temp folder. */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../engine/fixtures.ts';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function cli(script: 'check' | 'exercise' | 'verify', args: string[], env: Record<string, string>): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(repoRoot, 'src', 'cli', `${script}.ts`), ...args], {
      cwd: repoRoot,
      env: { PATH: process.env['PATH'] ?? '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
