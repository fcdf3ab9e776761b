/**
 * A fixture exercises folder (one small exercise with a right and a wrong
 * variant) and a temp workspace, removed after the file's tests, plus a `cli`
 * that spawns the course's commands against them.
 */
import { mkdtempSync } from 'node:fs';
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
      json: exerciseJson('01-fixture', { readonly: ['package.json'] }),
      tests: { 'listen.test.mjs': LISTEN_TEST },
      variants: {
        'right-same': { 'server.js': GOOD_SERVER },
        'wrong-silent': { 'server.js': '// does nothing\n', 'README.md': 'Never listens.\nExpected to fail: answers on PORT\n' },
      },
    },
  ]);
  afterAll(() => {
    removeDir(workspace);
    removeDir(fixtures);
  });
  const cli = (script: 'check' | 'exercise' | 'verify', args: string[], env: Record<string, string> = {}) =>
    run(script, args, { TFC_WORKSPACE_DIR: workspace, ...env });
  return { workspace, fixtures, cli };
}
