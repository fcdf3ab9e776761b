/** `npm run build` checks its settings before Astro starts (scripts/build.ts). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { settingsProblems } from '../../../scripts/build.ts';

const lessons = mkdtempSync(path.join(tmpdir(), 'tfc-build-lessons-'));
mkdirSync(lessons, { recursive: true });
for (const id of ['03-config', '07-port-binding']) writeFileSync(path.join(lessons, `${id}.mdx`), '---\n---\n');
afterAll(() => rmSync(lessons, { recursive: true, force: true }));

describe('build settings, before the build', () => {
  it('accepts a selection of existing lessons', () => {
    expect(settingsProblems({ LESSONS: '07-port-binding, 03-config' }, lessons)).toEqual([]);
  });
  it('names an unknown lesson id and lists the known ones', () => {
    expect(settingsProblems({ LESSONS: '07-port-binding,07-port-bindng' }, lessons)).toEqual([
      'LESSONS names lessons that do not exist: 07-port-bindng. Known lessons: 03-config, 07-port-binding.',
    ]);
  });
  it('names a bad value of any build setting', () => {
    const [problem] = settingsProblems({ SOLUTION_POLICY: 'sometimes' }, lessons);
    expect(problem).toContain('SOLUTION_POLICY: must be one of: always, after-attempt, never');
  });
});
