/**
 * exercises/_harness/run.mjs, spawned for real as every runtime spawns it, on
 * hidden tests written for each situation it must survive.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../engine/fixtures.ts';
import { layOut, runIn } from './run-layout.ts';

const HEAD = "import assert from 'node:assert';\nimport { test, fail, startApp } from '../_harness/index.mjs';\n";

describe('run.mjs', () => {
  it('writes results.json (Exercism v3), prints progress, and exits 1 when a check fails', async () => {
    const root = layOut(
      {
        'a.test.mjs': `${HEAD}
test('passes', () => {});
test('fails with an explanation and the app output', async (t) => {
  const app = await startApp(t, { command: ['node', 'hello.js'] });
  await app.waitForExit(3000);
  fail({ observed: 'the app said hello', expected: 'it says goodbye', hint: 'hello.js' });
});
test('fails a plain assert', () => assert.strictEqual(1, 2));
test('breaks', () => { null.x; });
`,
      },
      { 'hello.js': "console.log('hello from the app');\n" },
    );
    const { code, stdout, results } = await runIn(root);
    expect(code).toBe(2);
    expect(results.status).toBe('error');
    expect(results.tests.map((t) => [t.name, t.status])).toEqual([
      ['passes', 'pass'],
      ['fails with an explanation and the app output', 'fail'],
      ['fails a plain assert', 'fail'],
      ['breaks', 'error'],
    ]);
    expect(results.tests[1]?.message).toBe('Observed: the app said hello\nExpected: it says goodbye\nWhere to look: hello.js');
    expect(results.tests[1]?.output).toContain('hello from the app');
    expect(results.tests[2]?.message).toMatch(/^Observed: 1\nExpected: 2/);
    expect(results.tests[3]?.message).toContain('The check itself broke (TypeError');
    expect(stdout).toContain('✓ passes');
    expect(stdout).toContain('✗ fails a plain assert');
    expect(stdout).toContain('1 of 4 checks passed, 2 failed, 1 could not run.');
  });

  it('exits 0 with status pass when every check passes', async () => {
    const root = layOut({ 'a.test.mjs': `${HEAD}test('one', () => {});\n`, 'b.test.mjs': `${HEAD}test('two', () => {});\n` });
    const { code, results, stdout } = await runIn(root);
    expect(code).toBe(0);
    expect(results).toEqual({ version: 3, status: 'pass', message: null, tests: [{ name: 'one', status: 'pass', message: null, output: null }, { name: 'two', status: 'pass', message: null, output: null }] });
    expect(stdout).toContain('All 2 checks passed.');
  });

  it('stops a check at its time limit with a plain message', async () => {
    const root = layOut({ 'a.test.mjs': `${HEAD}test('never ends', () => new Promise(() => {}));\ntest('after it', () => {});\n` });
    const { results, ms } = await runIn(root, { TFC_TEST_TIMEOUT_MS: '800' });
    expect(ms).toBeLessThan(5000);
    expect(results.tests[0]).toMatchObject({ status: 'error', message: expect.stringContaining('did not finish within 0.8 s') });
    expect(results.tests[1]?.status).toBe('pass');
  });

  it('kills a test process stuck in an endless loop and reports the checks it could not run', async () => {
    const root = layOut({ 'a.test.mjs': `${HEAD}test('spins', () => { for (;;) {} });\ntest('next', () => {});\n` });
    const { results, ms } = await runIn(root, { TFC_TEST_TIMEOUT_MS: '500' });
    expect(ms).toBeLessThan(8000);
    expect(results.status).toBe('error');
    expect(results.tests).toEqual([
      expect.objectContaining({ name: 'spins', status: 'error', message: expect.stringContaining('endless loop') }),
      expect.objectContaining({ name: 'next', status: 'error', message: expect.stringContaining('did not run') }),
    ]);
  });

  it('stops the whole run at its time limit', async () => {
    const root = layOut({ 'a.test.mjs': `${HEAD}test('slow', () => new Promise((r) => setTimeout(r, 5000)));\n` });
    const { results, ms } = await runIn(root, { TFC_TIMEOUT_MS: '1000' });
    expect(ms).toBeLessThan(4000);
    expect(results.status).toBe('error');
    expect(results.message).toContain('time limit of 1 s');
  });

  it('reports a syntax error in learner code before running any check', async () => {
    const root = layOut({ 'a.test.mjs': `${HEAD}test('one', () => {});\n` }, { 'package.json': '{"type":"module"}', 'lib/app.js': 'export const x = {;\n' });
    const { results, stdout } = await runIn(root);
    expect(results).toMatchObject({ status: 'error', tests: [] });
    expect(results.message).toContain('syntax error');
    expect(results.message).toContain('lib/app.js:1');
    expect(stdout).toContain('SyntaxError');
  });

  it('reports hidden tests that cannot load as a course problem, not the learner’s', async () => {
    const root = layOut({ 'a.test.mjs': "import './missing.mjs';\n" });
    const { results } = await runIn(root);
    expect(results.status).toBe('error');
    expect(results.tests[0]).toMatchObject({ name: 'a.test.mjs', status: 'error', message: expect.stringContaining('not in your code') });
  });

  it('says so when there are no hidden tests', async () => {
    const { results } = await runIn(layOut({}));
    expect(results).toMatchObject({ status: 'error', message: expect.stringContaining('No hidden tests') });
  });

  const node20 = '/usr/bin/node';
  const node20Version = existsSync(node20) ? spawnSync(node20, ['--version']).stdout.toString().trim() : '';
  it.skipIf(!node20Version.startsWith('v20.'))(`runs the pilot's hidden tests on Node 20 (${node20Version || 'not installed'})`, async () => {
    const pilot = path.join(repoRoot, 'exercises', '07-port-binding');
    const root = layOut({});
    cpSync(path.join(pilot, 'tests'), path.join(root, 'hidden', 'tests'), { recursive: true });
    cpSync(path.join(pilot, 'solution'), path.join(root, 'learner'), { recursive: true });
    const { code, results } = await runIn(root, {}, node20);
    expect(results.status).toBe('pass');
    expect(code).toBe(0);
    cpSync(path.join(pilot, 'starter'), path.join(root, 'learner'), { recursive: true });
    const starter = await runIn(root, {}, node20);
    expect(starter.results.status).toBe('fail');
  });
});
