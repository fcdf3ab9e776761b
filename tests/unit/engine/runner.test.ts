/**
 * The runner, end to end: real runs of run.mjs with real learner processes, in
 * a fixture exercises folder whose hidden tests are short (so failures are fast).
 */
import { existsSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { UnknownExerciseError } from '../../../src/engine/exercises.ts';
import { InvalidPathError } from '../../../src/engine/paths.ts';
import { runHiddenTests, startApp } from '../../../src/engine/runner.ts';
import { exerciseJson, GOOD_SERVER, LISTEN_TEST, leftovers, makeExercisesRoot, removeDir } from './fixtures.ts';

const PKG = { 'package.json': '{ "type": "module" }' };

const root = makeExercisesRoot([
  {
    id: '01-fixture',
    json: exerciseJson('01-fixture', { app: { command: ['node', 'server.js'], env: { PORT: 'auto' } } }),
    tests: { 'listen.test.mjs': LISTEN_TEST },
  },
  {
    id: '02-hang',
    tests: { 'hang.test.mjs': "import { test } from '../_harness/index.mjs';\ntest('waits forever', { timeoutMs: 60000 }, () => new Promise(() => {}));\n" },
  },
  {
    id: '03-noisy',
    tests: { 'noisy.test.mjs': "import { test } from '../_harness/index.mjs';\ntest('prints a lot', () => { for (let i = 0; i < 20000; i++) console.log('x'.repeat(200)); });\n" },
  },
]);
afterAll(() => removeDir(root));

const run = (files: Record<string, string>, extra: Partial<Parameters<typeof runHiddenTests>[0]> = {}) =>
  runHiddenTests({ exerciseId: '01-fixture', files: { ...PKG, ...files }, exercisesDir: root, ...extra });

describe('runHiddenTests', () => {
  it('passes a correct app and streams the progress log', async () => {
    let log = '';
    const results = await run({ 'server.js': GOOD_SERVER }, { onOutput: (chunk) => (log += chunk) });
    expect(results).toEqual({ version: 3, status: 'pass', message: null, tests: [{ name: 'answers on PORT', status: 'pass', message: null, output: null }] });
    expect(log).toContain('✓ answers on PORT');
    expect(log).toContain('All 1 checks passed.');
  });

  it('reports a syntax error as an error naming the file and line, without running checks', async () => {
    const results = await run({ 'server.js': 'const x = ;\n' });
    expect(results.status).toBe('error');
    expect(results.message).toMatch(/syntax error/);
    expect(results.message).toContain('server.js:1');
    expect(results.message).toContain('SyntaxError');
    expect(results.message).not.toContain('/tmp/');
  });

  it('explains a crash at start-up with the error and its place', async () => {
    const results = await run({ 'server.js': "console.log(process.cwd());\n\nthrow new Error('boom at start');\n" });
    expect(results.status).toBe('fail');
    const [test] = results.tests;
    expect(test?.message).toContain('exited with code 1');
    expect(test?.message).toContain('Error: boom at start (server.js, line 3)');
    expect(test?.message).toMatch(/^Observed: .*\nExpected: .*\nWhere to look: /s);
    // The run's folder is gone afterwards (the app printed its cwd).
    const cwd = /^(\/\S+learner)$/m.exec(test?.output ?? '')?.[1];
    expect(cwd).toBeTruthy();
    expect(existsSync(cwd as string)).toBe(false);
  });

  it('fails an endless loop in learner code within the check time, saying it is busy', async () => {
    const started = Date.now();
    const results = await run({ 'server.js': 'while (true) {}\n' });
    expect(Date.now() - started).toBeLessThan(8000);
    expect(results.status).toBe('fail');
    expect(results.tests[0]?.message).toContain('keeps the CPU busy without listening');
  });

  it('caps the captured output of an app that prints without end', async () => {
    const results = await run({ 'server.js': "const spam = () => { process.stdout.write('y'.repeat(10000) + '\\n'); setImmediate(spam); };\nspam();\n" });
    expect(results.status).toBe('fail');
    const output = results.tests[0]?.output ?? '';
    expect(output.length).toBeLessThan(10_000);
    expect(output).toContain('left out');
  });

  it.each([
    ['keeps running', GOOD_SERVER, 'pass'],
    ['exits at once', 'process.exit(1);', 'fail'],
  ])('kills processes that escaped the process group, also with a scrubbed environment (app %s)', async (_, rest, status) => {
    const marker = `tfc-escapee-${randomUUID()}`;
    const server = `
import { spawn } from 'node:child_process';
spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '${marker}-a'], { detached: true, stdio: 'ignore' }).unref();
spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '${marker}-b'], { detached: true, stdio: 'ignore', env: {} }).unref();
${rest}`;
    const results = await run({ 'server.js': server });
    expect(results.status).toBe(status);
    expect(await leftovers(marker)).toEqual([]);
  });

  it('stops a run at its time limit and reports it as an error in plain words', async () => {
    const started = Date.now();
    const results = await runHiddenTests({ exerciseId: '02-hang', files: {}, exercisesDir: root, limits: { timeoutMs: 1500 } });
    expect(Date.now() - started).toBeLessThan(6000);
    expect(results.status).toBe('error');
    expect(results.message).toMatch(/time limit|took longer/);
  });

  it('stops a run that floods its output', async () => {
    const results = await runHiddenTests({ exerciseId: '03-noisy', files: {}, exercisesDir: root, limits: { maxOutputBytes: 200_000 } });
    expect(results.status).toBe('error');
    expect(results.message).toMatch(/output/);
  });

  it('cancels a run through its AbortSignal and leaves no process behind', async () => {
    const marker = `tfc-abort-${randomUUID()}`;
    const controller = new AbortController();
    const server = `import { spawn } from 'node:child_process';\nspawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)', '${marker}'], { stdio: 'ignore' });\nwhile (true) {}\n`;
    setTimeout(() => controller.abort(), 700);
    const error = await run({ 'server.js': server }, { signal: controller.signal }).catch((e: unknown) => e);
    expect((error as Error).name).toBe('AbortError');
    expect(await leftovers(marker)).toEqual([]);
  });

  it('rejects unknown exercises and bad paths before running anything', async () => {
    await expect(runHiddenTests({ exerciseId: '42-nothing', files: {}, exercisesDir: root })).rejects.toBeInstanceOf(UnknownExerciseError);
    await expect(run({ '../escape.js': '' })).rejects.toBeInstanceOf(InvalidPathError);
  });

  it('runs the real pilot: the reference solution passes', async () => {
    const { loadExercise } = await import('../../../src/engine/exercises.ts');
    const pilot = await loadExercise('07-port-binding');
    const results = await runHiddenTests({ exerciseId: '07-port-binding', files: pilot.solution });
    expect(results.status).toBe('pass');
    expect(results.tests.length).toBeGreaterThanOrEqual(5);
  });
});

describe('startApp', () => {
  it('starts the app on a free port, reports ready, and stops it', async () => {
    let output = '';
    const app = await startApp({ exerciseId: '01-fixture', files: { ...PKG, 'server.js': GOOD_SERVER }, exercisesDir: root, onOutput: (c) => (output += c) });
    expect(await app.ready).toBe(true);
    const res = await fetch(`http://127.0.0.1:${app.port}/`);
    expect(await res.text()).toBe('ok');
    expect(output).toContain(`listening on ${app.port}`);
    await app.stop();
    expect(await app.exited).toBeNull();
    await expect(fetch(`http://127.0.0.1:${app.port}/`)).rejects.toThrow();
  });

  it('reports an app that exits at once as not ready, with its exit code', async () => {
    const app = await startApp({ exerciseId: '01-fixture', files: { ...PKG, 'server.js': 'process.exit(3)' }, exercisesDir: root });
    expect(await app.ready).toBe(false);
    expect(await app.exited).toBe(3);
  });

  it('stops an app at its lifetime limit', async () => {
    const app = await startApp({ exerciseId: '01-fixture', files: { ...PKG, 'server.js': GOOD_SERVER }, exercisesDir: root, limits: { timeoutMs: 800 } });
    const started = Date.now();
    await app.exited;
    expect(Date.now() - started).toBeLessThan(4000);
  });
});
