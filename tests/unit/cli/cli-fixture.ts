/**
 * A fixture exercises folder (one small draft exercise with a right and a wrong
 * variant), a lessons folder with its draft lesson, and a temp workspace, removed
 * after the file's tests, plus a `cli` that spawns the course's commands against them.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { exerciseJson, GOOD_SERVER, LISTEN_TEST, makeExercisesRoot, removeDir } from '../engine/fixtures.ts';
import { cli as run } from './spawn-cli.ts';

export function cliFixture() {
  const workspace = mkdtempSync(path.join(tmpdir(), 'tfc-workspace-'));
  const fixtures = makeExercisesRoot([
    {
      id: '01-fixture',
      starter: { 'package.json': '{ "type": "module" }', 'server.js': 'setInterval(() => {}, 1000);\n' },
      solution: { 'package.json': '{ "type": "module" }', 'server.js': GOOD_SERVER },
      // A draft: fewer variants than the course's minimum are accepted (and listed as to do).
      json: exerciseJson('01-fixture', { readonly: ['package.json'], draft: true }),
      tests: { 'listen.test.mjs': LISTEN_TEST },
      variants: {
        'right-same': { 'server.js': GOOD_SERVER },
        'wrong-silent': { 'server.js': '// does nothing\n', 'README.md': 'Never listens.\nExpected to fail: answers on PORT\n' },
      },
    },
  ]);
  const lessons = mkdtempSync(path.join(tmpdir(), 'tfc-lessons-'));
  writeFileSync(path.join(lessons, '01-fixture.mdx'), fixtureLesson('01-fixture', { draft: true }));
  afterAll(() => {
    removeDir(workspace);
    removeDir(fixtures);
    removeDir(lessons);
  });
  const cli = (script: 'check' | 'exercise' | 'verify', args: string[], env: Record<string, string> = {}) =>
    run(script, args, { TFC_WORKSPACE_DIR: workspace, TFC_LESSONS_DIR: lessons, ...env });
  return { workspace, fixtures, lessons, cli };
}

/** A lesson's MDX whose frontmatter uses `exercise` (only what verify reads is meaningful). */
export function fixtureLesson(exercise: string, { draft = false, factor = Number(exercise.slice(0, 2)) } = {}): string {
  return `---\nfactor: ${factor}\ntitle: Fixture lesson\nsummary: A lesson made up by a unit test.\nminutes: 5\nobjectives:\n  - Test the CLI\nexercise: "${exercise}"\n${draft ? 'draft: true\n' : ''}---\n\n## Section\n\nText.\n`;
}
