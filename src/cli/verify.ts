/**
 * `npm run verify [-- <exercise>…] [--jobs N]`: proves every exercise's hidden
 * tests do their job. For each exercise: the starter fails, the solution passes,
 * every variants/right-* passes, every variants/wrong-* fails (and fails the
 * checks its README names in "Expected to fail: <check>" lines). Prints a table;
 * exits 1 on any mismatch.
 */
import { parseArgs } from 'node:util';
import { listExercises, listVariants, loadExercise, type FileTree } from '../engine/exercises.ts';
import { summarize, type Results } from '../engine/results.ts';
import { runHiddenTests } from '../engine/runner.ts';
import { palette, runCli, table, UsageError } from './terminal.ts';

interface Case {
  exerciseId: string;
  name: string;
  expect: 'pass' | 'fail';
  files: FileTree;
  expectedFailures: string[];
}

interface Outcome {
  ok: boolean;
  got: string;
  note: string;
  ms: number;
}

const c = palette();

await runCli(async () => {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { jobs: { type: 'string', default: '2' } },
  });
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a whole number of at least 1.');

  const started = Date.now();
  const ids = positionals.length ? positionals : (await listExercises()).map((e) => e.id);
  const cases: Case[] = [];
  const rows: string[][] = [];
  let mismatches = 0;
  for (const id of ids) {
    try {
      const exercise = await loadExercise(id);
      cases.push({ exerciseId: id, name: 'starter', expect: 'fail', files: exercise.starter, expectedFailures: [] });
      cases.push({ exerciseId: id, name: 'solution', expect: 'pass', files: exercise.solution, expectedFailures: [] });
      for (const v of await listVariants(id)) cases.push({ exerciseId: id, name: `variants/${v.name}`, expect: v.expect, files: v.files, expectedFailures: v.expectedFailures });
    } catch (err) {
      // A broken exercise.json or folder is a mismatch too, reported with its message.
      mismatches++;
      rows.push([id, '(exercise)', '-', c.red('broken'), '', (err as Error).message]);
    }
  }

  console.log(`Verifying ${cases.length} learner trees of ${ids.length} exercise(s) with ${jobs} job(s)…`);
  const outcomes = await mapLimit(cases, jobs, async (kase) => {
    const outcome = await verifyCase(kase);
    const mark = outcome.ok ? c.green('✓') : c.red('✗');
    console.log(`${mark} ${kase.exerciseId} ${kase.name}: ${outcome.got}${outcome.ok ? '' : ` (expected ${kase.expect})`}`);
    return outcome;
  });
  cases.forEach((kase, i) => {
    const o = outcomes[i];
    if (!o) return;
    if (!o.ok) mismatches++;
    rows.push([kase.exerciseId, kase.name, kase.expect, o.ok ? c.green(o.got) : c.red(o.got), `${(o.ms / 1000).toFixed(1)} s`, clip(o.note, 110)]);
  });

  console.log(`\n${table(['Exercise', 'Learner tree', 'Expected', 'Got', 'Time', 'Note'], rows)}\n`);
  console.log(c.dim(`(${((Date.now() - started) / 1000).toFixed(1)} s)`));
  const total = rows.length;
  console.log(`verify: ${total - mismatches} passed, ${mismatches} failed`);
  return mismatches ? 1 : 0;
});

async function verifyCase(kase: Case): Promise<Outcome> {
  const start = Date.now();
  let results: Results;
  try {
    results = await runHiddenTests({ exerciseId: kase.exerciseId, files: kase.files });
  } catch (err) {
    return { ok: false, got: 'crashed', note: (err as Error).message, ms: Date.now() - start };
  }
  const ms = Date.now() - start;
  const { total, passed, errored } = summarize(results);
  const got = results.status === 'pass' ? 'pass' : `${results.status} (${passed}/${total})`;
  const failedNames = results.tests.filter((t) => t.status === 'fail').map((t) => t.name);
  if (kase.expect === 'pass') {
    const firstBad = results.tests.find((t) => t.status !== 'pass');
    const note = results.status === 'pass' ? '' : firstOf(results.message ?? (firstBad ? `${firstBad.name}: ${firstBad.message ?? ''}` : ''));
    return { ok: results.status === 'pass', got, note, ms };
  }
  // Must fail: status `fail` (an `error` would hide a broken check), and fail the named checks.
  const missing = kase.expectedFailures.filter((name) => !failedNames.includes(name));
  const ok = results.status === 'fail' && missing.length === 0;
  let note = `fails: ${failedNames.join('; ') || '(nothing)'}`;
  if (errored) note = `${errored} check(s) could not run: ${firstOf(results.message ?? '')}`;
  if (missing.length) note = `should also fail: ${missing.join('; ')}`;
  if (results.status === 'pass') note = 'every check passed';
  return { ok, got, note, ms };
}

function firstOf(text: string): string {
  return clip(text.split('\n').find((l) => l.trim()) ?? '', 120);
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping order. */
async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
