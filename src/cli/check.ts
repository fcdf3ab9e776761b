/**
 * `npm run check -- <exercise> [--dir PATH] [--json] [--watch]`: runs the hidden
 * tests of an exercise against your files (default workspace/<exercise>) with the
 * same engine the course server and the browser use.
 *
 * Exit code: 0 every check passed; 1 some check failed or could not run;
 * 2 usage problem (unknown exercise, missing folder, bad option).
 */
import { existsSync, statSync, watch } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { loadExercise, type Exercise, type FileTree } from '../engine/exercises.ts';
import type { Results } from '../engine/results.ts';
import { summarize } from '../engine/results.ts';
import { runHiddenTests } from '../engine/runner.ts';
import { groupedSummary, palette, runCli, UsageError } from './terminal.ts';
import { containmentFor } from '../engine/sandbox.ts';
import { displayPath, exerciseFolder, readLearnerFolder, updateProgress } from './workspace.ts';

const USAGE = `Usage: npm run check -- <exercise> [--dir PATH] [--json] [--watch]

  --dir PATH   check the files in PATH (default: workspace/<exercise>)
  --json       print only the results document (Exercism results.json v3)
  --watch      check again whenever a file changes (Ctrl-C to stop)`;

const c = palette();

await runCli(async () => {
  let parsed;
  try {
    parsed = parseArgs({
      args: process.argv.slice(2),
      allowPositionals: true,
      options: { dir: { type: 'string' }, json: { type: 'boolean', default: false }, watch: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (err) {
    throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const [id, ...extra] = positionals;
  if (!id) throw new UsageError(`Which exercise? For example: npm run check -- 07-port-binding\n\n${USAGE}`);
  if (extra.length) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}\n\n${USAGE}`);
  const exercise = await loadExercise(id);

  const defaultDir = exerciseFolder(exercise.id);
  const dir = values.dir ? path.resolve(values.dir) : defaultDir;
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UsageError(
      values.dir
        ? `There is no folder ${values.dir}. Point --dir at the folder with your files.`
        : `There is no folder ${displayPath(dir)} yet. Run this first:\n  npm run exercise -- start ${exercise.id}\n(or point --dir at a folder with your files)`,
    );
  }
  const options = { exercise, dir, json: values.json, recordProgress: dir === defaultDir };
  if (!values.watch) return (await checkOnce(options)) === 'pass' ? 0 : 1;
  return watchAndCheck(options);
});

interface CheckOptions {
  exercise: Exercise;
  dir: string;
  json: boolean;
  recordProgress: boolean;
  signal?: AbortSignal;
}

/** The files a run should use, with notes about what is left out and why. */
async function collectFiles(exercise: Exercise, dir: string): Promise<{ files: FileTree; notes: string[] }> {
  const { files, skipped } = await readLearnerFolder(dir);
  const notes = skipped.map((p) => `${p} was left out: its name cannot be used in the course.`);
  const used: FileTree = {};
  for (const [p, content] of Object.entries(files)) {
    if (exercise.readonly.includes(p)) {
      if (content !== exercise.starter[p]) notes.push(`${p} differs from the exercise's copy; read-only files always come from the exercise, so your changes to it are not used.`);
      continue;
    }
    if (!exercise.allowNewFiles && !exercise.editable.includes(p)) {
      notes.push(`${p} was left out: this exercise only uses ${exercise.editable.join(', ')}.`);
      continue;
    }
    used[p] = content;
  }
  return { files: used, notes };
}

async function checkOnce({ exercise, dir, json, recordProgress, signal }: CheckOptions): Promise<Results['status']> {
  const { files, notes } = await collectFiles(exercise, dir);
  if (!json) {
    console.log(c.dim(`Checking ${displayPath(dir)} against exercise ${exercise.id}…`));
    console.log(c.dim(containmentFor().description));
    for (const note of notes) console.log(c.yellow(`Note: ${note}`));
  }
  const results = await runHiddenTests({
    exerciseId: exercise.id,
    files,
    color: !json && c.enabled,
    ...(json ? {} : { onOutput: (chunk: string) => process.stdout.write(chunk) }),
    ...(signal ? { signal } : {}),
  });
  if (json) console.log(JSON.stringify(results, null, 2));
  if (recordProgress) {
    const { passed, total } = summarize(results);
    await updateProgress(exercise.id, (p) => ({ ...p, lastCheck: { status: results.status, passed, total, at: new Date().toISOString() } }));
  }
  if (!json) {
    // A capstone's checks are grouped by factor: say how each group stands.
    const byFactor = groupedSummary(results, c);
    if (byFactor) console.log(`\n${byFactor}`);
    if (results.status === 'pass') console.log(c.green(`\nWell done: ${exercise.id} is complete.`));
    else console.log(c.dim(`\nFix what the messages above describe, then check again. Stuck? npm run exercise -- hint ${exercise.id}`));
  }
  return results.status;
}

/** Runs a check now and again after every change (debounced); a change during a run restarts it. */
function watchAndCheck(options: CheckOptions): Promise<number> {
  let controller: AbortController | null = null;
  let timer: NodeJS.Timeout | undefined;
  const run = async () => {
    controller?.abort();
    const mine = new AbortController();
    controller = mine;
    if (!options.json && process.stdout.isTTY) process.stdout.write('\u001bc');
    try {
      await checkOnce({ ...options, signal: mine.signal });
      if (!options.json) console.log(c.dim(`\nWatching ${displayPath(options.dir)} for changes (Ctrl-C to stop)…`));
    } catch (err) {
      if ((err as Error).name !== 'AbortError') console.error((err as Error).message);
    }
  };
  const watcher = watch(options.dir, { recursive: true }, (_event, file) => {
    if (file && /(^|[/\\])(node_modules|\.git)([/\\]|$)/.test(String(file))) return;
    clearTimeout(timer);
    timer = setTimeout(() => void run(), 300);
  });
  void run();
  return new Promise((resolve) => {
    const stop = () => {
      clearTimeout(timer);
      watcher.close();
      controller?.abort();
      resolve(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
