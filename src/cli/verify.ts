/**
 * `npm run verify [-- <exercise>…] [--jobs N]`: proves every exercise's hidden
 * tests do their job. For each exercise: the starter fails, the solution passes,
 * every variants/right-* passes, every variants/wrong-* fails (and fails the
 * checks its README names in "Expected to fail: <check>" lines). Then that the
 * exercise is finished: at least 3 right and 5 wrong variants, no TODO(author)
 * placeholders, its lesson no longer a draft (src/cli/authoring.ts). Prints a table,
 * the message of every check that broke or gave the wrong verdict, and warnings
 * (an exercise no lesson uses); exits 1 on any mismatch.
 *
 * A draft exercise (`"draft": true` in exercise.json, as `npm run exercise -- new`
 * writes it) is accepted while unfinished: its verdicts must still be right, and what
 * is left to do is listed, not counted as failures.
 */
import { parseArgs } from 'node:util';
import { listExerciseIds, listVariants, loadExercise, type FileTree } from '../engine/exercises.ts';
import { summarize, type Results } from '../engine/results.ts';
import { runHiddenTests } from '../engine/runner.ts';
import { completeness, lessonsRoot, readLessonRefs, type Completeness } from './authoring.ts';
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
  /** For a mismatch: the checks that explain it, with their full messages. */
  details: string[];
}

const c = palette();
const brokenDetails: { id: string; message: string }[] = [];

await runCli(async () => {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: { jobs: { type: 'string', default: '2' } },
  });
  const jobs = Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new UsageError('--jobs must be a whole number of at least 1.');

  const started = Date.now();
  // The ids only: a broken exercise.json is reported in the table with the others, not thrown here.
  const ids = positionals.length ? positionals : await listExerciseIds();
  const lessonsDir = lessonsRoot();
  const lessons = await readLessonRefs(lessonsDir);
  const cases: Case[] = [];
  const rows: string[][] = [];
  const states: { id: string; draft: boolean; state: Completeness }[] = [];
  let mismatches = 0;
  for (const id of ids) {
    try {
      const exercise = await loadExercise(id);
      const variants = await listVariants(id);
      cases.push({ exerciseId: id, name: 'starter', expect: 'fail', files: exercise.starter, expectedFailures: [] });
      if (exercise.sealed) {
        // Removed for a no-solutions workshop after it passed (src/engine/sealed.ts): said, not re-run.
        const { sealedAt, commit, rightVariants } = exercise.sealed;
        rows.push([id, 'solution', 'pass', c.dim('sealed'), '', `verified with ${rightVariants} right variants on ${sealedAt.slice(0, 10)}${commit ? ` (commit ${commit.slice(0, 7)})` : ''}, then removed`]);
      } else {
        cases.push({ exerciseId: id, name: 'solution', expect: 'pass', files: exercise.solution, expectedFailures: [] });
      }
      for (const v of variants) cases.push({ exerciseId: id, name: `variants/${v.name}`, expect: v.expect, files: v.files, expectedFailures: v.expectedFailures });
      states.push({ id, draft: exercise.draft === true, state: await completeness(exercise, variants, lessons, lessonsDir) });
    } catch (err) {
      // A broken exercise.json or folder is a mismatch too, reported with every problem it has.
      mismatches++;
      const [first = '', ...more] = (err as Error).message.split('\n');
      rows.push([id, '(exercise)', '-', c.red('broken'), '', more.length ? `${first} (listed below)` : first]);
      states.push({ id, draft: false, state: { unfinished: [], problems: [], warnings: [] } });
      brokenDetails.push({ id, message: (err as Error).message });
    }
  }

  console.log(`Verifying ${cases.length} learner trees of ${ids.length} exercise(s) with ${jobs} job(s)…`);
  const outcomes = await mapLimit(cases, jobs, async (kase) => {
    const outcome = await verifyCase(kase);
    const mark = outcome.ok ? c.green('✓') : c.red('✗');
    console.log(`${mark} ${kase.exerciseId} ${kase.name}: ${outcome.got}${outcome.ok ? '' : ` (expected ${kase.expect}; ${outcome.note})`}`);
    return outcome;
  });
  const explained: string[] = [];
  cases.forEach((kase, i) => {
    const o = outcomes[i];
    if (!o) return;
    if (!o.ok) {
      mismatches++;
      if (o.details.length) explained.push(`${c.bold(`${kase.exerciseId} ${kase.name}`)} (expected ${kase.expect}, got ${o.got}):\n${o.details.join('\n')}`);
    }
    rows.push([kase.exerciseId, kase.name, kase.expect, o.ok ? c.green(o.got) : c.red(o.got), `${(o.ms / 1000).toFixed(1)} s`, clip(o.note, 110)]);
  });
  const drafts: string[] = [];
  const todo: string[] = [];
  const warnings: string[] = [];
  for (const { id, draft, state } of states) {
    if (draft) drafts.push(id);
    if (state.unfinished.length) {
      if (!draft) mismatches++;
      const n = state.unfinished.length;
      rows.push([id, '(finished?)', 'yes', draft ? c.yellow('draft') : c.red('unfinished'), '', `${n} thing${n === 1 ? '' : 's'} left to do (listed below)`]);
      todo.push(
        `${c.bold(id)}${draft ? ' is a draft: accepted for now, not finished:' : ' is not finished (remove what is missing, or mark it "draft": true):'}\n` +
          state.unfinished.map((u) => `  ${draft ? c.yellow('-') : c.red('✗')} ${u}`).join('\n'),
      );
    }
    for (const problem of state.problems) {
      mismatches++;
      rows.push([id, '(lesson)', '-', c.red('problem'), '', clip(problem, 110)]);
    }
    warnings.push(...state.warnings);
  }

  console.log(`\n${table(['Exercise', 'Learner tree', 'Expected', 'Got', 'Time', 'Note'], rows)}\n`);
  for (const { id, message } of brokenDetails) console.log(`${c.bold(id)}: exercise.json or its folder is broken:\n${indent(message)}\n`);
  if (explained.length) console.log(`${c.bold('Why:')}\n\n${explained.join('\n\n')}\n`);
  if (todo.length) console.log(`${todo.join('\n\n')}\n`);
  for (const w of warnings) console.log(c.yellow(`warning: ${w}`));
  if (warnings.length) console.log();
  console.log(c.dim(`(${((Date.now() - started) / 1000).toFixed(1)} s)`));
  const total = rows.filter((r) => !r[3]?.includes('draft')).length;
  const draftNote = drafts.length ? `; draft (accepted, not finished): ${drafts.join(', ')}` : '';
  console.log(`verify: ${total - mismatches} passed, ${mismatches} failed${draftNote}`);
  return mismatches ? 1 : 0;
});

async function verifyCase(kase: Case): Promise<Outcome> {
  const start = Date.now();
  let results: Results;
  try {
    results = await runHiddenTests({ exerciseId: kase.exerciseId, files: kase.files });
  } catch (err) {
    return { ok: false, got: 'crashed', note: (err as Error).message, ms: Date.now() - start, details: [indent((err as Error).stack ?? String(err))] };
  }
  const ms = Date.now() - start;
  const { total, passed } = summarize(results);
  const got = results.status === 'pass' ? 'pass' : `${results.status} (${passed}/${total})`;
  const failedNames = results.tests.filter((t) => t.status === 'fail').map((t) => t.name);
  const broke = results.tests.filter((t) => t.status === 'error');
  // A check that could not be carried out: its own message says why (the run's message only counts them).
  const brokeNote = broke.length ? `check "${broke[0]?.name}" could not run: ${firstOf(broke[0]?.message ?? '')}${broke.length > 1 ? ` (+${broke.length - 1} more)` : ''}` : '';
  const runNote = results.status === 'error' && !results.tests.length ? firstOf(results.message ?? '') : '';
  if (kase.expect === 'pass') {
    const bad = results.tests.filter((t) => t.status !== 'pass');
    const firstBad = bad[0];
    let note = '';
    if (results.status !== 'pass') note = brokeNote || runNote || (firstBad ? `${firstBad.name}: ${firstOf(firstBad.message ?? '')}` : firstOf(results.message ?? ''));
    const details = results.status === 'pass' ? [] : bad.length ? bad.map(describe) : [indent(results.message ?? '(no message)')];
    return { ok: results.status === 'pass', got, note, ms, details };
  }
  // Must fail: status `fail` (an `error` would hide a broken check), and fail the named checks.
  const missing = kase.expectedFailures.filter((name) => !failedNames.includes(name));
  const ok = results.status === 'fail' && missing.length === 0;
  let note = `fails: ${failedNames.join('; ') || '(nothing)'}`;
  let details: string[] = [];
  if (broke.length) {
    note = brokeNote;
    details = broke.map(describe);
  } else if (runNote) {
    note = runNote;
    details = [indent(results.message ?? '')];
  }
  if (missing.length) {
    note = `should also fail: ${missing.join('; ')}`;
    details = missing.map((name) => {
      const t = results.tests.find((x) => x.name === name);
      return t ? describe(t) : `  ? ${name}: no check has this name (README "Expected to fail:" line)`;
    });
  }
  if (results.status === 'pass') note = 'every check passed';
  return { ok, got, note, ms, details: ok ? [] : details };
}

/** A check's verdict with its whole message, indented, for the "Why" section. */
function describe(t: Results['tests'][number]): string {
  const mark = { pass: '✓', fail: '✗', error: '!' }[t.status];
  const what = { pass: 'passed', fail: 'failed', error: 'could not run' }[t.status];
  const message = t.message ? `\n${indent(clipLines(t.message, 15), '      ')}` : '';
  return `  ${mark} ${t.name} (${what})${message}`;
}

function clipLines(text: string, max: number): string {
  const lines = text.trimEnd().split('\n');
  return lines.length > max ? [...lines.slice(0, max), `… (${lines.length - max} more lines)`].join('\n') : lines.join('\n');
}

function indent(text: string, pad = '  '): string {
  return text
    .split('\n')
    .map((l) => (l ? pad + l : l))
    .join('\n');
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
