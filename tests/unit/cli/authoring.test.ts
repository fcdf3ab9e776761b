/**
 * Authoring: `npm run exercise -- new <NN-slug>` and what `npm run verify` says about
 * an exercise besides its verdicts (the message of a check that broke, the variant
 * minimum, drafts, placeholders, an exercise no lesson uses, a bad exercise.json).
 * Spawned for real on temp exercises and lessons folders (TFC_EXERCISES_DIR, TFC_LESSONS_DIR).
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frontmatterOf, readLessonRefs, variantShortfall } from '../../../src/cli/authoring.ts';
import { lessonSchema } from '../../../src/content/schemas.ts';
import { loadExercise } from '../../../src/engine/exercises.ts';
import { quizProblems } from '../../../src/quiz/source-check.ts';
import { exerciseJson, makeExercisesRoot, removeDir, repoRoot, type Tree } from '../engine/fixtures.ts';
import { fixtureLesson } from './cli-fixture.ts';
import { cli } from './spawn-cli.ts';

const temps: string[] = [];
afterAll(() => temps.forEach(removeDir));

function lessonsDir(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'tfc-lessons-'));
  temps.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function roots(exercises: Parameters<typeof makeExercisesRoot>[0] = [], lessons: Record<string, string> = {}) {
  const exercisesDir = makeExercisesRoot(exercises);
  temps.push(exercisesDir);
  const lessonsRoot = lessonsDir(lessons);
  const env = { TFC_EXERCISES_DIR: exercisesDir, TFC_LESSONS_DIR: lessonsRoot, NO_COLOR: '1' };
  return { exercisesDir, lessonsRoot, env };
}

/** Frontmatter of an MDX file parsed the way the site does (a tiny YAML subset: enough for the scaffold's lesson). */
function parseFrontmatter(mdx: string): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  let list: string[] | null = null;
  for (const line of frontmatterOf(mdx).split('\n')) {
    const item = /^\s+-\s+(.*)$/.exec(line);
    if (item && list) {
      list.push(JSON.parse(item[1] as string));
      continue;
    }
    const field = /^(\w+):\s*(.*?)\s*(#.*)?$/.exec(line);
    if (!field) continue;
    const [, key, value] = field as unknown as [string, string, string];
    if (value === '') data[key] = list = [];
    else data[key] = JSON.parse(value);
  }
  return data;
}

/** Hidden tests that start nothing: a learner tree passes when server.js says GOOD; BOOM breaks the check itself. */
const FAST_TEST = `
import { test, readLearnerFile, fail } from '../_harness/index.mjs';
test('server.js says GOOD', async () => {
  const text = readLearnerFile('server.js') ?? '';
  if (text.includes('BOOM')) JSON.parse('{ not json');
  if (!text.includes('GOOD')) fail({ observed: 'server.js does not say GOOD', expected: 'it says GOOD', hint: 'server.js' });
});
`;

function fastExercise(id: string, variants: { right: number; wrong: number }, extra: Record<string, Tree> = {}, json: Record<string, unknown> = {}) {
  const all: Record<string, Tree> = { ...extra };
  for (let i = 1; i <= variants.right; i++) all[`right-${i}`] = { 'server.js': `// GOOD ${i}\n` };
  for (let i = 1; i <= variants.wrong; i++) all[`wrong-${i}`] = { 'server.js': `// bad ${i}\n`, 'README.md': 'Not GOOD.\nExpected to fail: server.js says GOOD\n' };
  return { id, json: exerciseJson(id, json), solution: { 'server.js': '// GOOD\n' }, tests: { 'fast.test.mjs': FAST_TEST }, variants: all };
}

describe('npm run exercise -- new', () => {
  it('scaffolds a draft exercise and lesson that verify accepts, with its to-do list', async () => {
    const { exercisesDir, lessonsRoot, env } = roots();
    const made = await cli('exercise', ['new', '07-port-binding'], env);
    expect(made.stderr).toBe('');
    expect(made.code).toBe(0);
    expect(made.stdout).toContain('npm run verify -- 07-port-binding');
    expect(made.stdout).toContain('exercises/_harness/README.md');
    expect(made.stdout).toContain('content/lessons/README.md');

    const dir = path.join(exercisesDir, '07-port-binding');
    expect(readdirSync(dir).sort()).toEqual(['exercise.json', 'solution', 'starter', 'tests', 'variants']);
    // No placeholder variants: the minimum is for real ones.
    expect(readdirSync(path.join(dir, 'variants'))).toEqual(['README.md']);
    const exercise = await loadExercise('07-port-binding', { root: exercisesDir });
    expect(exercise).toMatchObject({ factor: 7, title: 'Port binding', draft: true, editable: ['server.js'] });
    expect(exercise.hints).toHaveLength(3);
    expect(exercise.summary).toContain('TODO(author)');
    expect(Object.keys(exercise.tests)).toEqual(['port-binding.test.mjs']);
    expect(exercise.tests['port-binding.test.mjs']).toContain("from '../_harness/index.mjs'");

    const lesson = readFileSync(path.join(lessonsRoot, '07-port-binding.mdx'), 'utf8');
    const front = lessonSchema.safeParse(parseFrontmatter(lesson));
    expect(front.success, JSON.stringify(front.error?.issues)).toBe(true);
    expect(front.data).toMatchObject({ factor: 7, exercise: '07-port-binding', draft: true });
    expect(quizProblems(lesson)).toEqual([]);
    for (const heading of ['What the factor says', 'Why it matters', 'Anti-patterns', 'In a Node.js service', "On today's platforms", 'Check your understanding', 'Exercise', 'Source']) {
      expect(lesson).toContain(`\n## ${heading}\n`);
    }
    expect(lesson).toContain('https://12factor.net/port-binding');

    const verified = await cli('verify', ['07-port-binding'], env);
    expect(verified.stdout).toMatch(/07-port-binding\s+starter\s+fail\s+fail \(0\/1\)/);
    expect(verified.stdout).toMatch(/07-port-binding\s+solution\s+pass\s+pass/);
    expect(verified.stdout).toMatch(/07-port-binding\s+\(finished\?\)\s+yes\s+draft/);
    expect(verified.stdout).toContain('07-port-binding is a draft: accepted for now, not finished:');
    expect(verified.stdout).toContain('needs 3 right and 5 wrong variants (has 0 and 0)');
    expect(verified.stdout).toMatch(/replace the TODO\(author\) placeholders in exercise\.json, .*tests\/port-binding\.test\.mjs/);
    expect(verified.stdout).toMatch(/remove "draft: true" from .*07-port-binding\.mdx/);
    expect(verified.stdout).toContain('verify: 2 passed, 0 failed; draft (accepted, not finished): 07-port-binding');
    expect(verified.code).toBe(0);

    // Without the draft flag the same skeleton is unfinished: a failure.
    const jsonFile = path.join(dir, 'exercise.json');
    const { draft: _draft, ...finished } = JSON.parse(readFileSync(jsonFile, 'utf8'));
    writeFileSync(jsonFile, JSON.stringify(finished));
    const strict = await cli('verify', ['07-port-binding'], env);
    expect(strict.stdout).toMatch(/07-port-binding\s+\(finished\?\)\s+yes\s+unfinished/);
    expect(strict.stdout).toContain('07-port-binding is not finished');
    expect(strict.stdout).toContain('verify: 2 passed, 1 failed');
    expect(strict.code).toBe(1);
  });

  it('scaffolds a capstone with --factors', async () => {
    const { exercisesDir, lessonsRoot, env } = roots();
    const made = await cli('exercise', ['new', '14-feature-flags', '--factors', '3,7'], env);
    expect(made.code).toBe(0);
    const exercise = await loadExercise('14-feature-flags', { root: exercisesDir });
    expect(exercise).toMatchObject({ factor: 0, factors: [3, 7], title: 'Feature flags', draft: true });
    const lesson = readFileSync(path.join(lessonsRoot, '14-feature-flags.mdx'), 'utf8');
    const front = lessonSchema.safeParse(parseFrontmatter(lesson));
    expect(front.success, JSON.stringify(front.error?.issues)).toBe(true);
    expect(front.data).toMatchObject({ factors: [3, 7], exercise: '14-feature-flags' });
    expect(front.data?.factor).toBeUndefined();
  });

  it.each([
    [['new'], /Which id\?/],
    [['new', 'feature-flags'], /not an exercise id: two digits, a dash/],
    [['new', '14_Feature'], /not an exercise id/],
    [['new', '14-feature--flags'], /not an exercise id/],
    [['new', '01-codebase'], /01-codebase already exists; nothing was written/],
    [['new', '01-other'], /Number 01 is taken by .*01-codebase; nothing was written/],
    [['new', '14-feature-flags'], /capstone: name the factors it combines/],
    [['new', '14-feature-flags', '--factors', '3'], /--factors must list at least two different factor numbers/],
    [['new', '05-build', '--factors', '3,7'], /--factors is only for a capstone/],
  ])('refuses %j with exit code 2 and writes nothing', async (args, message) => {
    const { exercisesDir, lessonsRoot, env } = roots([{ id: '01-codebase', tests: { 'a.test.mjs': '' } }]);
    const before = readdirSync(exercisesDir).sort();
    const { code, stderr } = await cli('exercise', args, env);
    expect(stderr).toMatch(message);
    expect(code).toBe(2);
    expect(readdirSync(exercisesDir).sort()).toEqual(before);
    expect(readdirSync(lessonsRoot)).toEqual([]);
  });

  it('writes a lesson and exercise the site builds (MDX, frontmatter, quiz, workbench bundle)', { timeout: 120_000 }, async () => {
    // A throwaway copy of the site whose content is the scaffold only (as tests/unit/site/frontmatter.test.ts does).
    const site = mkdtempSync(path.join(tmpdir(), 'tfc-site-'));
    temps.push(site);
    const { exercisesDir, env } = roots();
    const lessonsRoot = path.join(site, 'content', 'lessons');
    mkdirSync(lessonsRoot, { recursive: true });
    mkdirSync(path.join(site, 'content', 'pages'));
    writeFileSync(path.join(site, 'content', 'pages', 'introduction.mdx'), '---\ntitle: Introduction\nsummary: The introduction used by this test.\n---\n\nHello.\n');
    for (const linked of ['node_modules', 'public']) symlinkSync(path.join(repoRoot, linked), path.join(site, linked));
    symlinkSync(exercisesDir, path.join(site, 'exercises'));
    for (const copied of ['src', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(path.join(repoRoot, copied), path.join(site, copied), { recursive: true });
    expect((await cli('exercise', ['new', '11-logs'], { ...env, TFC_LESSONS_DIR: lessonsRoot })).code).toBe(0);
    const out = path.join(site, 'dist');
    const built = spawnSync(process.execPath, [path.join(repoRoot, 'node_modules/astro/bin/astro.mjs'), 'build', '--outDir', out], {
      cwd: site,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', ASTRO_TELEMETRY_DISABLED: '1', TFC_EXERCISES_DIR: '' },
      timeout: 110_000,
    });
    expect(built.status, `${built.stdout}\n${built.stderr}`).toBe(0);
    expect(existsSync(path.join(out, 'exercises', '11-logs.json'))).toBe(true);
    // The lesson is a draft; whether the site lists it is the site's business. When it is built, it renders.
    const page = path.join(out, 'lessons', '11-logs', 'index.html');
    if (existsSync(page)) expect(readFileSync(page, 'utf8')).toContain('data-quiz-option');
  });

  it('refuses an id whose lesson already exists', async () => {
    const { exercisesDir, env } = roots([], { '05-build.mdx': fixtureLesson('05-build') });
    const { code, stderr } = await cli('exercise', ['new', '05-build'], env);
    expect(code).toBe(2);
    expect(stderr).toMatch(/05-build\.mdx already exists/);
    expect(existsSync(path.join(exercisesDir, '05-build'))).toBe(false);
  });
});

describe('npm run verify: what it reports', () => {
  it('passes a finished exercise (3 right, 5 wrong, a lesson) with nothing left to do', async () => {
    const { env } = roots([fastExercise('02-fast', { right: 3, wrong: 5 })], { '02-fast.mdx': fixtureLesson('02-fast') });
    const { code, stdout } = await cli('verify', ['--jobs', '3'], env);
    expect(stdout).toContain('verify: 10 passed, 0 failed');
    expect(stdout).not.toMatch(/\(finished\?\)|warning:|draft/);
    expect(code).toBe(0);
  });

  it('fails a finished exercise below the variant minimum, and warns about one no lesson uses', async () => {
    const { code, stdout } = await cli('verify', ['--jobs', '3'], roots([fastExercise('02-fast', { right: 2, wrong: 4 })]).env);
    expect(stdout).toMatch(/02-fast\s+\(finished\?\)\s+yes\s+unfinished\s+1 thing left to do/);
    expect(stdout).toContain('needs 3 right and 5 wrong variants (has 2 and 4)');
    expect(stdout).toMatch(/warning: no lesson uses exercise 02-fast: no lesson in .* has exercise: "02-fast" in its frontmatter/);
    expect(stdout).toContain('verify: 8 passed, 1 failed');
    expect(code).toBe(1);
  });

  it('shows the message of a check that broke, not only that one could not be carried out', async () => {
    const exercise = fastExercise('02-fast', { right: 0, wrong: 0 }, { 'wrong-breaks-the-check': { 'server.js': '// BOOM\n', 'README.md': 'Breaks the check.\n' } }, { draft: true });
    const { code, stdout } = await cli('verify', [], roots([exercise], { '02-fast.mdx': fixtureLesson('02-fast', { draft: true }) }).env);
    expect(stdout).toMatch(/wrong-breaks-the-check\s+fail\s+error \(0\/1\)\s+[\d.]+ s\s+check "server.js says GOOD" could not run: The check itself broke \(SyntaxError/);
    expect(stdout).toMatch(/Why:[\s\S]*02-fast variants\/wrong-breaks-the-check \(expected fail, got error \(0\/1\)\):\n {2}! server\.js says GOOD \(could not run\)\n {6}The check itself broke \(SyntaxError/);
    expect(stdout).not.toContain('One check could not be carried out');
    expect(code).toBe(1);
  });

  it('fails a draft exercise whose lesson is published', async () => {
    const exercise = fastExercise('02-fast', { right: 0, wrong: 0 }, {}, { draft: true });
    const { code, stdout } = await cli('verify', [], roots([exercise], { '02-fast.mdx': fixtureLesson('02-fast') }).env);
    expect(stdout).toMatch(/02-fast\s+\(lesson\)\s+-\s+problem\s+.*02-fast\.mdx is published \(no "draft: true"\) but its exercise is a draft/);
    expect(code).toBe(1);
  });

  it('lists every problem of a bad exercise.json at once', async () => {
    const json = exerciseJson('02-fast', { id: '02-other', title: 7, hints: ['one'], editable: ['missing.js'], colour: 'blue' });
    const { code, stdout } = await cli('verify', [], roots([{ id: '02-fast', json, tests: {} }]).env);
    expect(stdout).toMatch(/02-fast\s+\(exercise\)\s+-\s+broken\s+.*exercise\.json has 6 problems: \(listed below\)/);
    for (const line of [
      'field "title": must be a string (found a number 7)',
      'field "hints": must list at least 3 graduated hints',
      'field "colour": unknown field',
      'field "id": must be "02-fast", the name of its folder (found "02-other")',
      'field "editable[0]": "missing.js" is not in starter/',
      'the exercise has no hidden tests (tests/*.test.mjs)',
    ]) {
      expect(stdout).toContain(line);
    }
    expect(stdout).toContain('verify: 0 passed, 1 failed');
    expect(code).toBe(1);
  });
});

describe('authoring helpers', () => {
  it('variantShortfall counts right and wrong variants against 3 and 5', () => {
    const of = (right: number, wrong: number) => [...Array(right).fill({ expect: 'pass' }), ...Array(wrong).fill({ expect: 'fail' })];
    expect(variantShortfall(of(3, 5))).toBeNull();
    expect(variantShortfall(of(4, 9))).toBeNull();
    expect(variantShortfall(of(0, 0))).toMatch(/^needs 3 right and 5 wrong variants \(has 0 and 0\)/);
    expect(variantShortfall(of(3, 4))).toMatch(/\(has 3 and 4\)/);
    expect(variantShortfall(of(2, 5))).toMatch(/\(has 2 and 5\)/);
  });

  it('readLessonRefs reads exercise and draft from the frontmatter only', async () => {
    const dir = lessonsDir({
      'a.mdx': '---\nfactor: 1\nexercise: "01-a"  # the folder\ndraft: true\n---\n\nexercise: "99-not-frontmatter"\n',
      'b.mdx': "---\nfactor: 2\nexercise: '02-b'\n---\n\nTODO(author): write it\n",
      'c.mdx': 'no frontmatter\nexercise: "03-c"\n',
      'notes.md': '---\nexercise: "04-d"\n---\n',
    });
    const refs = await readLessonRefs(dir);
    expect(refs.map(({ exercise, draft, placeholders }) => ({ exercise, draft, placeholders }))).toEqual([
      { exercise: '01-a', draft: true, placeholders: false },
      { exercise: '02-b', draft: false, placeholders: true },
    ]);
  });
});
