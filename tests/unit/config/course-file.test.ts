/** course.config.json: the fork's committed course settings, under the environment (src/config/course-file.ts). */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { applyCourseFile, readCourseFile, withCourseFile } from '../../../src/config/course-file.ts';
import { ConfigError } from '../../../src/config/parse.ts';
import { hintsFor } from '../../../src/engine/hints.ts';

const dirs: string[] = [];
function fork(settings: unknown): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tfc-course-file-'));
  dirs.push(dir);
  writeFileSync(path.join(dir, 'course.config.json'), typeof settings === 'string' ? settings : JSON.stringify(settings));
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('course.config.json', () => {
  it('gives its settings as environment values; a list of lessons becomes the comma-separated form', () => {
    const dir = fork({ '//': 'a note', COURSE_TITLE: 'Platform Guild', LESSONS: ['03-config', '07-port-binding'], SOLUTION_POLICY: 'never' });
    expect(readCourseFile(dir)).toEqual({ COURSE_TITLE: 'Platform Guild', LESSONS: '03-config,07-port-binding', SOLUTION_POLICY: 'never' });
  });

  it('sits under the environment: a variable set for a deploy wins, an empty one does not', () => {
    const dir = fork({ COURSE_TITLE: 'From the file', SOLUTION_POLICY: 'never' });
    expect(withCourseFile({ COURSE_TITLE: 'From the deploy', SOLUTION_POLICY: ' ' }, dir)).toMatchObject({ COURSE_TITLE: 'From the deploy', SOLUTION_POLICY: 'never' });
    const env: Record<string, string | undefined> = { PATH: '/bin' };
    applyCourseFile(env, dir);
    expect(env).toEqual({ PATH: '/bin', COURSE_TITLE: 'From the file', SOLUTION_POLICY: 'never' });
  });

  it('is optional', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'tfc-course-file-'));
    dirs.push(dir);
    expect(readCourseFile(dir)).toEqual({});
  });

  it('reports every problem at once, naming the file and the key', () => {
    const dir = fork({ SOLUTION_POLICY: 'sometimes', LESSONS: 'Not An Id!', COURSE_TITEL: 'typo', PORT: 8080, WEBCONTAINER_CLIENT_ID: 'secret', WORKSHOP_NAME: { x: 1 } });
    let error: unknown;
    try {
      readCourseFile(dir);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const names = (error as ConfigError).problems.map((p) => p.name);
    expect(names).toEqual([
      'course.config.json: SOLUTION_POLICY',
      'course.config.json: LESSONS',
      'course.config.json: COURSE_TITEL',
      'course.config.json: PORT',
      'course.config.json: WEBCONTAINER_CLIENT_ID',
      'course.config.json: WORKSHOP_NAME',
    ]);
    expect((error as Error).message).toContain('must be one of: always, after-attempt, never');
    expect((error as Error).message).toContain('is not a setting of this course');
    expect((error as Error).message).toContain('set it in the environment');
  });

  it('says so when it is not JSON', () => {
    expect(() => readCourseFile(fork('{ "COURSE_TITLE": '))).toThrow(/course.config.json: is not valid JSON/);
    expect(() => readCourseFile(fork('[1, 2]'))).toThrow(/must be a JSON object/);
  });
});

describe('hints under a solution policy', () => {
  it('withholds the last, near-solution hint when solutions are switched off', () => {
    expect(hintsFor(['nudge', 'pointer', 'sketch'], 'never')).toEqual(['nudge', 'pointer']);
    expect(hintsFor(['nudge', 'pointer', 'sketch'], 'after-attempt')).toEqual(['nudge', 'pointer', 'sketch']);
    expect(hintsFor(['only'], 'never')).toEqual(['only']);
  });
});
