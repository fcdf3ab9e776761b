/** runCommand (scripts/lib): a stopped command stops with everything it started, shell or not. */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCommand } from '../../../scripts/lib/run-command.ts';

const linux = process.platform === 'linux';

function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0] !== 'Z';
  } catch {
    return false;
  }
}

describe('runCommand', () => {
  it('resolves with the exit code', async () => {
    expect(await runCommand(process.execPath, ['-e', 'process.exit(3)'])).toBe(3);
  });

  it.skipIf(!linux)('on abort stops the command and what it runs through a shell (as `npm run build` does), then resolves', async () => {
    const pidFile = join(tmpdir(), `tfc-run-command-${process.pid}-${Date.now()}`);
    const controller = new AbortController();
    // sh runs node as a child (not exec'd: the `; true` keeps the shell), like npm's `sh -c "astro build && …"`.
    const done = runCommand('sh', ['-c', `${process.execPath} -e "require('fs').writeFileSync('${pidFile}', String(process.pid)); setInterval(() => {}, 1000)"; true`], process.env, {
      signal: controller.signal,
    });
    let grandchild = 0;
    await expect.poll(() => (grandchild = Number(readFileSync(pidFile, 'utf8'))), { timeout: 10_000 }).toBeGreaterThan(0);
    expect(running(grandchild)).toBe(true);
    controller.abort('test');
    expect(await done).not.toBe(0);
    await expect.poll(() => running(grandchild), { timeout: 5000 }).toBe(false);
    rmSync(pidFile, { force: true });
  });
});
