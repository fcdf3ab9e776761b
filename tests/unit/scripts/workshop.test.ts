/** `npm run workshop -- seal`: a no-solutions fork carries no solutions, and verify still means something. */
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadExercise } from '../../../src/engine/exercises.ts';
import { readSealed } from '../../../src/engine/sealed.ts';
import { sealExercise } from '../../../scripts/workshop.ts';
import { settingsProblems } from '../../../scripts/build.ts';
import { cliFixture } from '../cli/cli-fixture.ts';
import { removeDir } from '../engine/fixtures.ts';

const { fixtures, cli } = cliFixture();
const copy = mkdtempSync(path.join(tmpdir(), 'tfc-seal-'));
afterAll(() => removeDir(copy));

describe('sealing a workshop fork', () => {
  it('removes the solution and the right variants, records the seal, and verify still checks the rest', async () => {
    cpSync(fixtures, copy, { recursive: true });
    const dir = path.join(copy, '01-fixture');
    const removed = sealExercise(dir, 'abc1234def', new Date('2027-03-01T09:00:00Z'));
    expect(removed).toContain('solution/');
    expect(removed.some((r) => r.startsWith('variants/right-'))).toBe(true);
    expect(existsSync(path.join(dir, 'solution'))).toBe(false);
    expect(readSealed(dir)).toEqual({ sealedAt: '2027-03-01T09:00:00.000Z', commit: 'abc1234def', rightVariants: 1 });

    const exercise = await loadExercise('01-fixture', { root: copy });
    expect(exercise.sealed).not.toBeNull();
    expect(exercise.solution).toEqual({});

    const verify = await cli('verify', ['01-fixture'], { TFC_EXERCISES_DIR: copy });
    expect(verify.code).toBe(0);
    expect(verify.stdout).toMatch(/solution\s+pass\s+sealed/);
    expect(verify.stdout).toContain('(commit abc1234)');
    expect(verify.stdout).toMatch(/starter\s+fail\s+fail/);
  }, 60_000);

  it('a build refuses to publish a sealed fork whose policy still promises solutions', () => {
    const lessons = path.join(copy, 'no-lessons');
    cpSync(fixtures, path.join(copy, 'again'), { recursive: true });
    sealExercise(path.join(copy, 'again', '01-fixture'), null);
    const [problem] = settingsProblems({ SOLUTION_POLICY: 'always' }, lessons, path.join(copy, 'again'));
    expect(problem).toMatch(/SOLUTION_POLICY is always, but the solutions of 01-fixture were sealed away/);
    expect(settingsProblems({ SOLUTION_POLICY: 'never' }, lessons, path.join(copy, 'again'))).toEqual([]);
    expect(readFileSync(path.join(copy, 'again', '01-fixture', 'sealed.json'), 'utf8')).toContain('"commit": null');
  });
});
