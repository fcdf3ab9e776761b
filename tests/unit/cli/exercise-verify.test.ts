/**
 * `npm run exercise` and `npm run verify`, spawned for real, on a fixture
 * exercises folder (TFC_EXERCISES_DIR) and a temp workspace (TFC_WORKSPACE_DIR).
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GOOD_SERVER, LISTEN_TEST, makeExercisesRoot, removeDir } from '../engine/fixtures.ts';
import { cliFixture } from './cli-fixture.ts';

const { workspace, fixtures, cli } = cliFixture();

describe('npm run exercise', () => {
  const env = { TFC_EXERCISES_DIR: fixtures };
  const folder = path.join(workspace, '01-fixture');

  it('walks a learner through start, check, hint, solution, list and reset', async () => {
    const list0 = await cli('exercise', ['list'], env);
    expect(list0.stdout).toMatch(/1\s+01-fixture\s+Fixture exercise \(draft\)\s+not started/);

    const start = await cli('exercise', ['start', '01-fixture'], env);
    expect(start.code).toBe(0);
    expect(readFileSync(path.join(folder, 'server.js'), 'utf8')).toContain('setInterval');
    expect(start.stdout).toContain('npm run check -- 01-fixture');

    const again = await cli('exercise', ['start', '01-fixture'], env);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('already exists, so nothing was copied');

    const early = await cli('exercise', ['solution', '01-fixture'], env);
    expect(early.code).toBe(2);
    expect(early.stderr).toContain('unlocks after your first check');

    const failing = await cli('check', ['01-fixture'], env);
    expect(failing.code).toBe(1);

    expect((await cli('exercise', ['hint', '01-fixture'], env)).stdout).toContain('Hint 1 of 3:\none');
    expect((await cli('exercise', ['hint', '01-fixture'], env)).stdout).toContain('Hint 2 of 3:\ntwo');
    const all = await cli('exercise', ['hint', '01-fixture', '--all'], env);
    expect(all.stdout).toContain('Hint 3 of 3:\nthree');

    const solution = await cli('exercise', ['solution', '01-fixture'], env);
    expect(solution.code).toBe(0);
    expect(solution.stdout).toContain('── server.js ──');
    expect(readFileSync(path.join(workspace, '01-fixture-solution', 'server.js'), 'utf8')).toBe(GOOD_SERVER);

    writeFileSync(path.join(folder, 'server.js'), GOOD_SERVER);
    writeFileSync(path.join(folder, 'package.json'), '{ "edited": true }');
    const passing = await cli('check', ['01-fixture'], env);
    expect(passing.code).toBe(0);
    expect(passing.stdout).toContain('package.json differs from the exercise');
    expect((await cli('exercise', ['list'], env)).stdout).toMatch(/01-fixture\s+Fixture exercise \(draft\)\s+passed ✓/);

    const progress = JSON.parse(readFileSync(path.join(workspace, '.progress.json'), 'utf8'));
    expect(progress.exercises['01-fixture']).toMatchObject({ hintsShown: 3, lastCheck: { status: 'pass', passed: 1, total: 1 } });

    const reset = await cli('exercise', ['reset', '01-fixture'], env);
    expect(reset.code).toBe(0);
    expect(readFileSync(path.join(folder, 'server.js'), 'utf8')).toContain('setInterval');
    const backups = readdirSync(path.join(workspace, '.backup'));
    expect(backups.some((b) => b.startsWith('01-fixture-'))).toBe(true);
    expect(readFileSync(path.join(workspace, '.backup', backups[0] as string, 'server.js'), 'utf8')).toBe(GOOD_SERVER);
  });

  it('survives a corrupt progress file', async () => {
    writeFileSync(path.join(workspace, '.progress.json'), '{ not json');
    const { code, stderr } = await cli('exercise', ['list'], env);
    expect(code).toBe(0);
    expect(stderr).toContain('could not be read');
    expect(existsSync(path.join(workspace, '.progress.json'))).toBe(false);
  });

  it("follows the course's settings: LESSONS picks what list shows; SOLUTION_POLICY=never withholds the last hint and the solution", async () => {
    expect((await cli('exercise', ['list'], { ...env, LESSONS: '07-port-binding' })).stdout).not.toContain('01-fixture');
    expect((await cli('exercise', ['list'], { ...env, LESSONS: '01-fixture' })).stdout).toContain('01-fixture');
    const hints = await cli('exercise', ['hint', '01-fixture', '--all'], { ...env, SOLUTION_POLICY: 'never' });
    expect(hints.stdout).toContain('Hint 2 of 2:\ntwo');
    expect(hints.stdout).not.toContain('three');
    const solution = await cli('exercise', ['solution', '01-fixture'], { ...env, SOLUTION_POLICY: 'never' });
    expect(solution.code).toBe(2);
    expect(solution.stderr).toContain('SOLUTION_POLICY=never');
  });

  it('refuses unknown commands and exercises with exit code 2', async () => {
    expect((await cli('exercise', ['fly'], env)).code).toBe(2);
    expect((await cli('exercise', ['start', '99-nope'], env)).code).toBe(2);
    expect((await cli('exercise', [], env)).code).toBe(2);
  });
});

describe('npm run verify', () => {
  it('checks starter, solution and variants and prints a table; a draft is accepted with its to-do list', async () => {
    const { code, stdout } = await cli('verify', [], { TFC_EXERCISES_DIR: fixtures });
    expect(stdout).toMatch(/01-fixture\s+starter\s+fail\s+fail \(0\/1\)/);
    expect(stdout).toMatch(/01-fixture\s+variants\/wrong-silent\s+fail\s+fail/);
    expect(stdout).toMatch(/01-fixture\s+\(finished\?\)\s+yes\s+draft/);
    expect(stdout).toContain('needs 3 right and 5 wrong variants (has 1 and 1)');
    expect(stdout).toContain('verify: 4 passed, 0 failed; draft (accepted, not finished): 01-fixture');
    expect(stdout).not.toContain('warning:');
    expect(code).toBe(0);
  });

  it('exits 1 when a wrong variant passes', async () => {
    const broken = makeExercisesRoot([
      { id: '01-fixture', solution: { 'package.json': '{ "type": "module" }', 'server.js': GOOD_SERVER }, tests: { 'listen.test.mjs': LISTEN_TEST }, variants: { 'wrong-but-passes': { 'package.json': '{ "type": "module" }', 'server.js': GOOD_SERVER, 'README.md': 'Oops.' } } },
    ]);
    try {
      const { code, stdout } = await cli('verify', ['--jobs', '3'], { TFC_EXERCISES_DIR: broken });
      expect(code).toBe(1);
      expect(stdout).toMatch(/wrong-but-passes\s+fail\s+pass\s+.*every check passed/);
      expect(stdout).toContain('needs 3 right and 5 wrong variants (has 0 and 1)');
      expect(stdout).toContain('verify: 2 passed, 2 failed');
    } finally {
      removeDir(broken);
    }
  });
});
