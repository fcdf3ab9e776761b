import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ExerciseConfigError, parseExerciseJson } from '../../../src/engine/exercise-schema.ts';
import { listExercises, listVariants, loadExercise, UnknownExerciseError } from '../../../src/engine/exercises.ts';
import { buildLearnerTree, LearnerFilesError } from '../../../src/engine/learner-files.ts';
import { InvalidPathError } from '../../../src/engine/paths.ts';
import { exerciseJson, makeExercisesRoot, removeDir } from './fixtures.ts';

const FILE = 'exercises/01-x/exercise.json';

function problemsOf(json: unknown): string {
  try {
    parseExerciseJson(typeof json === 'string' ? json : JSON.stringify(json), FILE);
  } catch (err) {
    expect(err).toBeInstanceOf(ExerciseConfigError);
    return (err as Error).message;
  }
  throw new Error('expected an ExerciseConfigError');
}

describe('exercise.json schema', () => {
  it('accepts a valid file and applies defaults', () => {
    const meta = parseExerciseJson(JSON.stringify({ ...exerciseJson('01-x'), readonly: undefined, allowNewFiles: undefined, timeoutMs: undefined }), FILE);
    expect(meta).toMatchObject({ readonly: [], allowNewFiles: false, timeoutMs: 20000 });
  });

  it.each([
    [{ hints: ['only one'] }, 'field "hints": must list at least 3 graduated hints'],
    [{ factor: 13 }, 'field "factor": must be from 1 to 12'],
    [{ factor: 'seven' }, 'field "factor"'],
    [{ id: 'Port Binding' }, 'field "id": must look like "07-port-binding"'],
    [{ editable: ['../x.js'] }, 'field "editable[0]"'],
    [{ editable: [] }, 'field "editable": must list at least one file'],
    [{ app: { command: [] } }, 'field "app.command"'],
    [{ app: { command: ['node'], env: { 'BAD-NAME': 'x' } } }, 'field "app.env.BAD-NAME"'],
    [{ timeoutMs: 10 }, 'field "timeoutMs": must be at least 1000'],
    [{ colour: 'blue' }, 'field "colour": unknown field'],
    [{ factor: 0 }, 'field "factors": must list the factors a capstone (factor 0) practises'],
    [{ factors: [3, 7] }, 'field "factors": is only for a capstone (factor 0)'],
    [{ factor: 0, factors: [3] }, 'field "factors": must list at least two factors'],
  ])('names the file and the field for %j', (override, expected) => {
    const message = problemsOf({ ...exerciseJson('01-x'), ...override });
    expect(message).toContain(FILE);
    expect(message).toContain(expected);
  });

  it('says when a required field is missing', () => {
    const { title: _title, ...rest } = exerciseJson('01-x');
    expect(problemsOf(rest)).toContain(`${FILE}: field "title": is required`);
  });

  it('says what a value of the wrong type is, without the checks that assumed the right type', () => {
    const message = problemsOf({ ...exerciseJson('01-x'), title: 7, summary: ['a list'], allowNewFiles: 'yes', draft: 'no' });
    expect(message).toContain(`${FILE}: field "title": must be a string (found a number 7)`);
    expect(message).toContain(`${FILE}: field "summary": must be a string (found a list)`);
    expect(message).not.toContain('field "summary": must be at least');
    expect(message).toContain('field "allowNewFiles": must be a boolean (true or false) (found a string "yes")');
    expect(message).toContain('field "draft": must be true or false');
  });

  it('reports every problem at once, counted, one per line', () => {
    const message = problemsOf({ ...exerciseJson('01-x'), id: 'Bad', hints: [], timeoutMs: 5, colour: 'blue' });
    const lines = message.split('\n');
    expect(lines[0]).toBe(`${FILE} has 4 problems:`);
    expect(lines.slice(1)).toEqual([
      `  ${FILE}: field "id": must look like "07-port-binding" (two digits, a dash, lowercase words)`,
      `  ${FILE}: field "hints": must list at least 3 graduated hints`,
      `  ${FILE}: field "timeoutMs": must be at least 1000 (ms)`,
      expect.stringContaining(`  ${FILE}: field "colour": unknown field (allowed: `),
    ]);
  });

  it('accepts "draft": true (a work-in-progress exercise) and leaves it out when absent', () => {
    expect(parseExerciseJson(JSON.stringify({ ...exerciseJson('01-x'), draft: true }), FILE).draft).toBe(true);
    expect('draft' in parseExerciseJson(JSON.stringify(exerciseJson('01-x')), FILE)).toBe(false);
  });

  it('says when the file is not JSON', () => {
    expect(problemsOf('{ nope')).toMatch(/exercise\.json: is not valid JSON/);
  });
});

describe('loading exercises', () => {
  const root = makeExercisesRoot([
    { id: '01-fixture', tests: { 'a.test.mjs': '' }, variants: { 'right-one': { 'server.js': 'ok' }, 'wrong-two': { 'server.js': 'bad', 'README.md': 'Bad because.\nExpected to fail: answers on PORT\n' } } },
    { id: '02-second', json: exerciseJson('02-second', { readonly: ['package.json'] }), starter: { 'server.js': '', 'package.json': '{}' }, tests: { 'b.test.mjs': '' } },
  ]);
  afterAll(() => removeDir(root));

  it('lists exercises in id order and loads their trees', async () => {
    expect((await listExercises({ root })).map((e) => e.id)).toEqual(['01-fixture', '02-second']);
    const ex = await loadExercise('02-second', { root });
    expect(ex.starter).toEqual({ 'server.js': '', 'package.json': '{}' });
    expect(Object.keys(ex.tests)).toEqual(['b.test.mjs']);
    expect(ex.harness['run.mjs']).toContain('results.json');
    expect(ex.dir).toBe(path.join(root, '02-second'));
  });

  it('throws UnknownExerciseError listing the known ids', async () => {
    const err = await loadExercise('99-nope', { root }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UnknownExerciseError);
    expect((err as UnknownExerciseError).known).toEqual(['01-fixture', '02-second']);
    await expect(loadExercise('../etc', { root })).rejects.toBeInstanceOf(UnknownExerciseError);
  });

  it('reads variants with their expected failures', async () => {
    const variants = await listVariants('01-fixture', { root });
    expect(variants.map((v) => [v.name, v.expect])).toEqual([
      ['right-one', 'pass'],
      ['wrong-two', 'fail'],
    ]);
    expect(variants[1]?.files).toEqual({ 'server.js': 'bad' });
    expect(variants[1]?.expectedFailures).toEqual(['answers on PORT']);
  });

  it('loads a capstone (folder number above 12, factor 0 with its factors) and refuses one that claims a single factor', async () => {
    const roots = makeExercisesRoot([
      { id: '13-capstone', json: exerciseJson('13-capstone', { factor: 0, factors: [3, 7] }), tests: { 'c.test.mjs': '' } },
      { id: '14-claims-one', json: exerciseJson('14-claims-one', { factor: 7 }), tests: { 'c.test.mjs': '' } },
    ]);
    try {
      expect((await loadExercise('13-capstone', { root: roots })).factors).toEqual([3, 7]);
      const err = (await loadExercise('14-claims-one', { root: roots }).catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(ExerciseConfigError);
      expect(err.message).toContain('field "factor": must be 0: a capstone');
    } finally {
      removeDir(roots);
    }
  });

  it('cross-checks exercise.json against its folder, naming file and field', async () => {
    const bad = makeExercisesRoot([{ id: '03-bad', json: exerciseJson('03-bad', { id: '03-other', factor: 4 }), tests: { 'c.test.mjs': '' } }]);
    try {
      const err = (await loadExercise('03-bad', { root: bad }).catch((e: unknown) => e)) as Error;
      expect(err).toBeInstanceOf(ExerciseConfigError);
      expect(err.message).toMatch(/03-bad[/\\]exercise\.json: field "id": must be "03-bad"/);
      expect(err.message).toContain('field "factor": must be 3');
      writeFileSync(path.join(bad, '03-bad', 'exercise.json'), JSON.stringify(exerciseJson('03-bad', { editable: ['missing.js'] })));
      const err2 = (await loadExercise('03-bad', { root: bad }).catch((e: unknown) => e)) as Error;
      expect(err2.message).toContain('field "editable[0]": "missing.js" is not in starter/');
    } finally {
      removeDir(bad);
    }
  });

  it('lists the schema, folder-name and folder problems of one exercise together', async () => {
    const bad = makeExercisesRoot([{ id: '03-bad', json: exerciseJson('03-bad', { id: '03-other', factor: 4, hints: ['one'], editable: ['missing.js'], readonly: ['server.js'] }), solution: {}, tests: {} }]);
    try {
      const err = (await loadExercise('03-bad', { root: bad }).catch((e: unknown) => e)) as ExerciseConfigError;
      expect(err).toBeInstanceOf(ExerciseConfigError);
      expect(err.problems).toEqual([
        { field: 'hints', message: 'must list at least 3 graduated hints' },
        { field: 'id', message: 'must be "03-bad", the name of its folder (found "03-other")' },
        { field: 'factor', message: 'must be 3, as the folder name says (found 4)' },
        { field: 'editable[0]', message: '"missing.js" is not in starter/' },
        { field: '', message: 'the exercise has no solution/ folder (or it is empty)' },
        { field: '', message: 'the exercise has no hidden tests (tests/*.test.mjs)' },
      ]);
      expect(err.message).toMatch(/^\S*03-bad[/\\]exercise\.json has 6 problems:\n/);
      // listExercises (metadata only) reports the schema and folder-name problems at once too.
      const listed = (await listExercises({ root: bad }).catch((e: unknown) => e)) as ExerciseConfigError;
      expect(listed.problems.map((p) => p.field)).toEqual(['hints', 'id', 'factor']);
    } finally {
      removeDir(bad);
    }
  });

  it('loads the real pilot exercise', async () => {
    const ex = await loadExercise('07-port-binding');
    expect(ex.factor).toBe(7);
    expect(ex.hints.length).toBeGreaterThanOrEqual(3);
    expect(ex.editable).toEqual(['server.js']);
    expect(Object.keys(ex.tests).some((p) => p.endsWith('.test.mjs'))).toBe(true);
    const variants = await listVariants('07-port-binding');
    expect(variants.filter((v) => v.expect === 'pass').length).toBeGreaterThanOrEqual(2);
    expect(variants.filter((v) => v.expect === 'fail').length).toBeGreaterThanOrEqual(3);
  });
});

describe('buildLearnerTree', () => {
  const starter = { 'server.js': 'start', 'links.js': 'logic', 'package.json': '{}' };
  const strict = { editable: ['server.js'], readonly: ['links.js', 'package.json'], allowNewFiles: false };

  it('takes read-only files from the starter and reports changed copies', () => {
    const { tree, ignored } = buildLearnerTree(strict, starter, { 'server.js': 'mine', 'links.js': 'hacked', 'package.json': '{}' });
    expect(tree).toEqual({ 'server.js': 'mine', 'links.js': 'logic', 'package.json': '{}' });
    expect(ignored).toEqual(['links.js']);
  });

  it('keeps the starter version of an editable file that was not sent (no new files allowed)', () => {
    expect(buildLearnerTree(strict, starter, {}).tree['server.js']).toBe('start');
  });

  it('refuses new files when the exercise does not allow them', () => {
    expect(() => buildLearnerTree(strict, starter, { 'extra.js': '' })).toThrow(/does not let you add files/);
  });

  it('accepts new files and deletions when allowed', () => {
    const { tree } = buildLearnerTree({ ...strict, allowNewFiles: true }, starter, { 'app/main.js': 'x' });
    expect(tree).toEqual({ 'app/main.js': 'x', 'links.js': 'logic', 'package.json': '{}' });
  });

  it('validates every path', () => {
    expect(() => buildLearnerTree({ ...strict, allowNewFiles: true }, starter, { '../evil.js': '' })).toThrow(InvalidPathError);
  });

  it('caps the number of files', () => {
    const many = Object.fromEntries(Array.from({ length: 201 }, (_, i) => [`f${i}.js`, '']));
    expect(() => buildLearnerTree({ ...strict, allowNewFiles: true }, starter, many)).toThrow(LearnerFilesError);
  });
});
