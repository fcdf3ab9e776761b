/** Which containment runs get, and the command line that builds it (src/engine/sandbox.ts). */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { containmentFor, DEFAULT_CONTAINMENT, wrapCommand } from '../../../src/engine/sandbox.ts';

const bwrapWorks = process.platform === 'linux' && spawnSync('bwrap', ['--unshare-pid', '--ro-bind', '/', '/', 'true'], { stdio: 'ignore' }).status === 0;
const options = { readable: ['/tmp/run'], writable: ['/tmp/run/learner'], cwd: '/tmp/run', name: 'tfc-test', settings: DEFAULT_CONTAINMENT };

describe('containment', () => {
  it('RUNNER_SANDBOX=off gives process-group clean-up, and says so', () => {
    const containment = containmentFor({ ...DEFAULT_CONTAINMENT, mode: 'off' });
    expect(containment.level).toBe('process-group');
    expect(containment.description).toContain('RUNNER_SANDBOX=off');
    const command = wrapCommand('node', ['run.mjs'], { ...options, network: 'loopback', settings: { ...DEFAULT_CONTAINMENT, mode: 'off' } });
    expect([command.command, ...command.args]).toEqual(['node', 'run.mjs']);
  });

  it.skipIf(!bwrapWorks)('builds a bubblewrap sandbox where it works: own PID namespace, loopback only for checks, read-only but the given folders', async () => {
    expect(containmentFor().level).toBe('sandbox');
    const checks = wrapCommand('node', ['run.mjs'], { ...options, network: 'loopback' });
    const line = [checks.command, ...checks.args].join(' ');
    expect(line).toContain('--unshare-pid');
    expect(line).toContain('--unshare-net');
    expect(line).toContain('--ro-bind / /');
    expect(line).toContain('--tmpfs /tmp');
    expect(line).toContain('--ro-bind /tmp/run /tmp/run');
    expect(line).toContain('--bind /tmp/run/learner /tmp/run/learner');
    expect(line).toMatch(/-- node run\.mjs$/);
    await checks.release();
    const app = wrapCommand('node', ['server.js'], { ...options, name: 'tfc-test-app', network: 'host' });
    expect([app.command, ...app.args].join(' ')).not.toContain('--unshare-net');
    await app.release();
  });

  it.skipIf(bwrapWorks)('without bubblewrap, auto falls back and require refuses, naming why', () => {
    expect(containmentFor().level).toBe('process-group');
    expect(() => containmentFor({ ...DEFAULT_CONTAINMENT, mode: 'require' })).toThrow(/RUNNER_SANDBOX=require/);
  });
});
