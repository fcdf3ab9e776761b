/**
 * `npm run check`, spawned for real as a learner runs it, with its workspace
 * moved to a temp folder (TFC_WORKSPACE_DIR).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseResults } from '../../../src/engine/results.ts';
import { repoRoot } from '../engine/fixtures.ts';
import { cliFixture } from './cli-fixture.ts';

const { workspace, fixtures, cli } = cliFixture();

const pilot = (p: string) => path.join(repoRoot, 'exercises', '07-port-binding', p);

describe('npm run check', () => {
  it('exits 0 for the reference solution', async () => {
    const { code, stdout } = await cli('check', ['07-port-binding', '--dir', pilot('solution')]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/All \d+ checks passed\./);
  });

  it('exits 1 for the starter and says what is wrong in plain words', async () => {
    const { code, stdout } = await cli('check', ['07-port-binding', '--dir', pilot('starter')]);
    expect(code).toBe(1);
    expect(stdout).toContain('✗ answers HTTP on the port given in PORT');
    // Another test (or program) may hold 8080 at the same moment: then the app crashes on it, and says so.
    expect(stdout).toMatch(/Observed: .*port \d+ \(the PORT variable\).*(your app is listening on port 8080 instead\.|It tried to listen on port 8080, which another program was already using\.)/);
    expect(stdout).toContain('Where to look: server.js');
    expect(stdout).not.toContain('AssertionError');
    expect(stdout).not.toContain('\u001b['); // no colour when stdout is not a terminal
  });

  it('prints only the results document with --json', async () => {
    const { code, stdout } = await cli('check', ['01-fixture', '--dir', path.join(fixtures, '01-fixture', 'starter'), '--json'], { TFC_EXERCISES_DIR: fixtures });
    expect(code).toBe(1);
    const results = parseResults(JSON.parse(stdout));
    expect(results.status).toBe('fail');
    expect(results.tests.length).toBe(1);
    for (const test of results.tests) expect(Object.keys(test).sort()).toEqual(['message', 'name', 'output', 'status']);
  });

  it.each([
    [['99-nope'], /There is no exercise "99-nope"\. Exercises: .*07-port-binding/],
    [['07-port-binding'], /npm run exercise -- start 07-port-binding/],
    [['07-port-binding', '--dir', '/does/not/exist'], /There is no folder \/does\/not\/exist/],
    [[], /Which exercise\?/],
    [['07-port-binding', '--bogus'], /Unknown option '--bogus'/],
  ])('exits 2 with a clear message for %j', async (args, message) => {
    const { code, stderr } = await cli('check', args, { TFC_WORKSPACE_DIR: path.join(workspace, 'empty') });
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
  });
});

