/**
 * concurrently() (exercises/_harness/test.mjs): checks of one test file that run at
 * the same time, through run.mjs as every runtime runs them. Results must look
 * exactly like sequential ones (flat names, order of declaration), and each check
 * keeps its own time limit, apps, output and clean-up.
 */
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import tfcReporter, { GROUP_PREFIX, LINE_PREFIX } from '../../../exercises/_harness/reporter.mjs';
import { leftovers } from '../engine/fixtures.ts';
import { layOut, runIn } from './run-layout.ts';

const HEAD = "import { test, concurrently, fail, startApp } from '../_harness/index.mjs';\n";

/**
 * A barrier in the test file: every check of the group waits until all `n` have
 * started. Sequential checks would never get past it (they fail after 4 s).
 */
const BARRIER = `
let arrived = 0;
const everyone = [];
function allStarted(n) {
  arrived++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the checks did not run at the same time')), 4000);
    everyone.push(() => { clearTimeout(timer); resolve(); });
    if (arrived === n) everyone.forEach((r) => r());
  });
}
`;

const GROUP_FILE = `${HEAD}${BARRIER}
test('before the group', () => {});
concurrently(() => {
  test('first in the group', async () => { await allStarted(3); await new Promise((r) => setTimeout(r, 300)); });
  test('second in the group', async () => { await allStarted(3); });
  test('third in the group', async () => { await allStarted(3); await new Promise((r) => setTimeout(r, 100)); });
});
test('after the group', () => {});
`;

describe('concurrently()', () => {
  it('runs the checks of a group at the same time, with flat names in the order of declaration', async () => {
    const { code, results, stdout } = await runIn(layOut({ 'a.test.mjs': GROUP_FILE }));
    expect(results.tests).toEqual(
      ['before the group', 'first in the group', 'second in the group', 'third in the group', 'after the group'].map((name) => ({ name, status: 'pass', message: null, output: null })),
    );
    expect(code).toBe(0);
    expect(stdout).not.toContain('›');
    expect(stdout).not.toContain('concurrently');
    expect(stdout).toContain('✓ second in the group');
    expect(stdout).toContain('All 5 checks passed.');
  });

  it('runs checks outside a group one after the other, before and after it', async () => {
    const root = layOut({
      'a.test.mjs': `${HEAD}
const log = [];
const mark = (name) => async () => { log.push('start ' + name); await new Promise((r) => setTimeout(r, 50)); log.push('end ' + name); };
test('one', mark('one'));
concurrently(() => { test('a', mark('a')); test('b', mark('b')); });
test('two', async () => {
  if (log.join() !== 'start one,end one,start a,start b,end a,end b') fail({ observed: log.join(), expected: 'one, then a and b together, then two' });
});
`,
    });
    const { results } = await runIn(root);
    expect(results.tests.map((t) => [t.name, t.status, t.message])).toEqual([
      ['one', 'pass', null],
      ['a', 'pass', null],
      ['b', 'pass', null],
      ['two', 'pass', null],
    ]);
  });

  it('limits how many run at once when asked', async () => {
    const root = layOut({
      'a.test.mjs': `${HEAD}
let now = 0, most = 0;
const check = async () => { now++; most = Math.max(most, now); await new Promise((r) => setTimeout(r, 100)); now--; };
concurrently({ limit: 2 }, () => { for (const n of [1, 2, 3, 4, 5]) test('check ' + n, check); });
test('at most two at once', () => { if (most !== 2) fail({ observed: String(most), expected: '2' }); });
`,
    });
    const { results } = await runIn(root);
    expect(results.status).toBe('pass');
    expect(results.tests).toHaveLength(6);
  });

  it('keeps failures apart: each check gets its own status, message and app output', async () => {
    const root = layOut(
      {
        'a.test.mjs': `${HEAD}${BARRIER}
concurrently(() => {
  test('passes', async () => { await allStarted(3); });
  test('fails with its own app output', async (t) => {
    const app = await startApp(t, { command: ['node', 'say.js', 'alpha'] });
    await app.waitForExit(3000);
    await allStarted(3);
    fail({ observed: 'it said alpha', expected: 'it says omega', hint: 'say.js' });
  });
  test('breaks with its own app output', async (t) => {
    const app = await startApp(t, { command: ['node', 'say.js', 'beta'] });
    await app.waitForExit(3000);
    await allStarted(3);
    null.x;
  });
});
test('after a failing group', () => {});
`,
      },
      { 'say.js': "console.log('the app says ' + process.argv[2]);\n" },
    );
    const { code, results } = await runIn(root);
    expect(code).toBe(2);
    expect(results.tests.map((t) => [t.name, t.status])).toEqual([
      ['passes', 'pass'],
      ['fails with its own app output', 'fail'],
      ['breaks with its own app output', 'error'],
      ['after a failing group', 'pass'],
    ]);
    const [, failed, broken] = results.tests;
    expect(failed?.message).toBe('Observed: it said alpha\nExpected: it says omega\nWhere to look: say.js');
    expect(failed?.output).toContain('the app says alpha');
    expect(failed?.output).not.toContain('beta');
    expect(broken?.message).toContain('The check itself broke (TypeError');
    expect(broken?.output).toContain('the app says beta');
    expect(broken?.output).not.toContain('alpha');
  });

  it('stops the apps of each check when that check ends, while the others still run', async () => {
    const marker = `tfc-concurrent-${randomUUID()}`;
    const root = layOut(
      {
        'a.test.mjs': `${HEAD}
let shortLived;
concurrently(() => {
  test('ends first', async (t) => {
    shortLived = await startApp(t, { command: ['node', 'idle.js', '${marker}'] });
    await shortLived.waitForOutput('idling', { timeoutMs: 3000 });
  });
  test('sees the app of the first check stopped, and keeps its own running', async (t) => {
    const mine = await startApp(t, { command: ['node', 'idle.js', '${marker}'] });
    await mine.waitForOutput('idling', { timeoutMs: 3000 });
    const until = Date.now() + 4000;
    while (!(shortLived && shortLived.exitStatus) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    if (!shortLived?.exitStatus) fail({ observed: 'the first check ended but its app kept running', expected: 'its app stopped' });
    if (!mine.running) fail({ observed: 'this check lost its own app', expected: 'it runs until this check ends' });
  });
});
`,
      },
      { 'idle.js': "setInterval(() => {}, 1000);\nconsole.log('idling');\n" },
    );
    const { results } = await runIn(root);
    expect(results.tests.map((t) => [t.name, t.status, t.message])).toEqual([
      ['ends first', 'pass', null],
      ['sees the app of the first check stopped, and keeps its own running', 'pass', null],
    ]);
    expect(await leftovers(marker)).toEqual([]);
  });

  it('still ends a check at its own time limit', async () => {
    const root = layOut({
      'a.test.mjs': `${HEAD}
concurrently(() => {
  test('never ends', () => new Promise(() => {}));
  test('has a longer limit of its own', { timeoutMs: 1500 }, () => new Promise(() => {}));
  test('passes next to them', () => {});
});
test('runs after the group', () => {});
`,
    });
    const { results, ms } = await runIn(root, { TFC_TEST_TIMEOUT_MS: '600' });
    expect(ms).toBeLessThan(6000);
    expect(results.tests).toEqual([
      expect.objectContaining({ name: 'never ends', status: 'error', message: expect.stringContaining('did not finish within 0.6 s') }),
      expect.objectContaining({ name: 'has a longer limit of its own', status: 'error', message: expect.stringContaining('did not finish within 1.5 s') }),
      expect.objectContaining({ name: 'passes next to them', status: 'pass' }),
      expect.objectContaining({ name: 'runs after the group', status: 'pass' }),
    ]);
  });

  it('stops an endless loop in a group and says which checks were running beside it', async () => {
    const root = layOut({
      'a.test.mjs': `${HEAD}
test('before', () => {});
concurrently(() => {
  test('waits', () => new Promise((r) => setTimeout(r, 200)));
  test('spins', async () => { await new Promise((r) => setTimeout(r, 50)); for (;;) {} });
});
test('after', () => {});
`,
    });
    const { results, ms } = await runIn(root, { TFC_TEST_TIMEOUT_MS: '500' });
    expect(ms).toBeLessThan(8000);
    expect(results.status).toBe('error');
    expect(results.tests.map((t) => t.name).sort()).toEqual(['after', 'before', 'spins', 'waits']);
    const byName = Object.fromEntries(results.tests.map((t) => [t.name, t]));
    expect(byName['before']?.status).toBe('pass');
    expect(byName['spins']).toMatchObject({ status: 'error', message: expect.stringContaining('"waits"') });
    expect(byName['spins']?.message).toContain('endless loop');
    expect(byName['waits']).toMatchObject({ status: 'error', message: expect.stringContaining('"spins"') });
    expect(byName['after']).toMatchObject({ status: 'error', message: expect.stringContaining('did not run') });
  });

  it('reports a group whose checks cannot be declared as a problem of the course', async () => {
    const root = layOut({
      'a.test.mjs': `${HEAD}
concurrently(() => {
  test('declared before the problem', () => {});
  throw new Error('boom');
});
`,
    });
    const { results } = await runIn(root);
    expect(results.status).toBe('error');
    expect(results.tests.map((t) => t.name)).not.toContainEqual(expect.stringContaining('concurrently'));
    expect(results.tests).toContainEqual(expect.objectContaining({ name: 'preparing the hidden checks', status: 'error', message: expect.stringContaining('Error: boom') }));
    expect(results.tests.every((t) => t.status !== 'pass')).toBe(true);
  });

  it('refuses nested groups and asynchronous declarations', async () => {
    const root = layOut({
      'a.test.mjs': `${HEAD}
concurrently(() => { concurrently(() => { test('inner', () => {}); }); });
concurrently(async () => { test('late', () => {}); });
`,
    });
    const { results } = await runIn(root);
    expect(results.status).toBe('error');
    const messages = results.tests.map((t) => t.message ?? '').join('\n');
    expect(messages).toContain('cannot be nested');
    expect(messages).toContain('needs a synchronous function');
  });

  it('no longer reports a plain describe() suite as a check that did not run', async () => {
    const root = layOut({
      'a.test.mjs': "import { describe } from 'node:test';\nimport { test } from '../_harness/index.mjs';\ndescribe('suite', () => { test('x', () => {}); test('y', () => {}); });\n",
    });
    const { results } = await runIn(root);
    expect(results).toMatchObject({ status: 'pass', tests: [{ name: 'suite › x', status: 'pass' }, { name: 'suite › y', status: 'pass' }] });
  });

  const node20 = '/usr/bin/node';
  const node20Version = existsSync(node20) ? spawnSync(node20, ['--version']).stdout.toString().trim() : '';
  it.skipIf(!node20Version.startsWith('v20.'))(`runs a group at the same time on Node 20 too (${node20Version || 'not installed'})`, async () => {
    const { results } = await runIn(layOut({ 'a.test.mjs': GROUP_FILE }), {}, node20);
    expect(results.status).toBe('pass');
    expect(results.tests.map((t) => t.name)).toEqual(['before the group', 'first in the group', 'second in the group', 'third in the group', 'after the group']);
  });
});

describe('reporter: concurrently() groups', () => {
  /** Feeds node:test events to the reporter and returns its events. */
  async function report(events: { type: string; data: Record<string, unknown> }[]): Promise<Record<string, unknown>[]> {
    async function* source() {
      yield* events;
    }
    const out: Record<string, unknown>[] = [];
    for await (const line of tfcReporter(source())) out.push(JSON.parse(String(line).slice(LINE_PREFIX.length)));
    return out;
  }
  const group = `${GROUP_PREFIX}1`;
  const suite = { type: 'suite' };

  it('leaves the group out of names, nesting and plans', async () => {
    const out = await report([
      { type: 'test:enqueue', data: { nesting: 0, name: 'alone' } },
      { type: 'test:enqueue', data: { nesting: 0, name: group } },
      { type: 'test:dequeue', data: { nesting: 0, name: 'alone' } },
      { type: 'test:start', data: { nesting: 0, name: 'alone' } },
      { type: 'test:pass', data: { nesting: 0, name: 'alone', details: { duration_ms: 5 } } },
      { type: 'test:dequeue', data: { nesting: 0, name: group } },
      { type: 'test:enqueue', data: { nesting: 1, name: 'a' } },
      { type: 'test:dequeue', data: { nesting: 1, name: 'a' } },
      { type: 'test:enqueue', data: { nesting: 1, name: 'b' } },
      { type: 'test:dequeue', data: { nesting: 1, name: 'b' } },
      { type: 'test:start', data: { nesting: 0, name: group } },
      { type: 'test:start', data: { nesting: 1, name: 'a' } },
      { type: 'test:pass', data: { nesting: 1, name: 'a', details: { duration_ms: 7 } } },
      { type: 'test:start', data: { nesting: 1, name: 'b' } },
      { type: 'test:start', data: { nesting: 2, name: 'inner' } },
      { type: 'test:pass', data: { nesting: 2, name: 'inner', details: {} } },
      { type: 'test:fail', data: { nesting: 1, name: 'b', details: { error: { failureType: 'testCodeFailure', cause: { name: 'LearnerFacingError', message: 'Observed: x' } } } } },
      { type: 'test:fail', data: { nesting: 0, name: group, details: { type: 'suite', error: { failureType: 'subtestsFailed' } } } },
    ]);
    expect(out).toEqual([
      { kind: 'planned', name: 'alone' },
      { kind: 'planned', name: group, group: true },
      { kind: 'start', name: 'alone', nesting: 0 },
      { kind: 'result', name: 'alone', topLevel: true, durationMs: 5, status: 'pass', message: null, output: null },
      { kind: 'planned', name: 'a' },
      { kind: 'start', name: 'a', nesting: 0 },
      { kind: 'planned', name: 'b' },
      { kind: 'start', name: 'b', nesting: 0 },
      { kind: 'result', name: 'a', topLevel: true, durationMs: 7, status: 'pass', message: null, output: null },
      { kind: 'result', name: 'b › inner', topLevel: false, durationMs: 0, status: 'pass', message: null, output: null },
      { kind: 'result', name: 'b', topLevel: true, durationMs: 0, status: 'fail', message: 'Observed: x', output: null },
    ]);
  });

  it('marks a plain suite as settled instead of leaving it unreported', async () => {
    const out = await report([
      { type: 'test:start', data: { nesting: 0, name: 'suite' } },
      { type: 'test:start', data: { nesting: 1, name: 'x' } },
      { type: 'test:pass', data: { nesting: 1, name: 'x', details: {} } },
      { type: 'test:pass', data: { nesting: 0, name: 'suite', details: suite } },
    ]);
    expect(out).toEqual([
      { kind: 'result', name: 'suite › x', topLevel: false, durationMs: 0, status: 'pass', message: null, output: null },
      { kind: 'settled', name: 'suite' },
    ]);
  });
});
