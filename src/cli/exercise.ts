/**
 * `npm run exercise -- <command> [id]`: solve exercises in your own editor.
 *
 *   list                 progress table of all exercises
 *   start <id> [--force] copy the starter to workspace/<id>
 *   hint <id> [--all]    the next hint (or all of them)
 *   reset <id>           restore the starter (the old folder is kept in workspace/.backup/)
 *   solution <id>        print the reference solution and copy it to workspace/<id>-solution
 *   new <NN-slug>        (course authors) scaffold a draft exercise and its lesson (src/cli/scaffold.ts)
 */
import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { withCourseFile } from '../config/course-file.ts';
import { parseLessonSelection } from '../content/lesson-selection.ts';
import { variables } from '../config/variables.ts';
import { listExercises, loadExercise, type Exercise, type ExerciseMeta } from '../engine/exercises.ts';
import { hintsFor } from '../engine/hints.ts';
import { MIN_RIGHT_VARIANTS, MIN_WRONG_VARIANTS, shown } from './authoring.ts';
import { parseFactorList, scaffoldExercise } from './scaffold.ts';
import { palette, runCli, table, UsageError } from './terminal.ts';
import { backUp, displayPath, exerciseFolder, readProgress, updateProgress, workspaceDir, writeFolder } from './workspace.ts';

const USAGE = `Usage: npm run exercise -- <command> [exercise]

  list                      all exercises and your progress
  start <exercise>          copy the starter files to workspace/<exercise> (--force to overwrite)
  hint <exercise>           show the next hint (--all for every hint)
  reset <exercise>          restore the starter files (your folder is backed up first)
  solution <exercise>       show the reference solution, copied to workspace/<exercise>-solution

Then check your work with: npm run check -- <exercise>

For course authors:
  new <NN-slug>             scaffold a draft exercise in exercises/<NN-slug>/ and its lesson in
                            content/lessons/<NN-slug>.mdx (a capstone, numbered above 12: --factors 3,7)`;

const c = palette();

await runCli(async () => {
  const { values, positionals } = parseArgs({
    args: process.argv.slice(2),
    allowPositionals: true,
    options: {
      force: { type: 'boolean', default: false },
      all: { type: 'boolean', default: false },
      factors: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command, id, ...extra] = positionals;
  if (values.help || command === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (!command) throw new UsageError(USAGE);
  if (extra.length) throw new UsageError(`Unexpected arguments: ${extra.join(' ')}\n\n${USAGE}`);
  if (command === 'list') return list();
  if (command === 'new') {
    if (!id) throw new UsageError('Which id? For example: npm run exercise -- new 14-feature-flags (two digits, a dash, a lowercase slug)');
    return create(id, values.factors);
  }
  if (values.factors !== undefined) throw new UsageError(`--factors is only for: npm run exercise -- new <NN-slug> --factors 3,7`);
  if (!['start', 'hint', 'reset', 'solution'].includes(command)) throw new UsageError(`Unknown command "${command}".\n\n${USAGE}`);
  if (!id) throw new UsageError(`Which exercise? For example: npm run exercise -- ${command} 07-port-binding\n(npm run exercise -- list shows them all.)`);
  const exercise = await loadExercise(id);
  if (command === 'start') return start(exercise, values.force);
  if (command === 'hint') return hint(exercise, values.all);
  if (command === 'reset') return reset(exercise);
  return solution(exercise);
});

/**
 * The exercises of this course as the fork configured it: the lessons in LESSONS
 * (course.config.json or the environment), in that order; else every exercise
 * (drafts included: authors list them too). Lesson ids and exercise ids are the
 * same (content/lessons/README.md).
 */
async function courseExercises(): Promise<ExerciseMeta[]> {
  const all = await listExercises();
  const ids = parseLessonSelection(withCourseFile(process.env)['LESSONS']);
  if (!ids) return all;
  return ids.map((id) => all.find((e) => e.id === id)).filter((e): e is ExerciseMeta => e !== undefined);
}

async function list(): Promise<number> {
  const [exercises, progress] = await Promise.all([courseExercises(), readProgress()]);
  const rows = exercises.map((e) => {
    const p = progress.exercises[e.id];
    const started = existsSync(exerciseFolder(e.id));
    let status = c.dim('not started');
    if (p?.lastCheck?.status === 'pass') status = c.green('passed ✓');
    else if (p?.lastCheck) status = c.yellow(`${p.lastCheck.passed}/${p.lastCheck.total} checks pass`);
    else if (started) status = 'started';
    return [factorLabel(e), e.id, e.draft ? `${e.title} (draft)` : e.title, status];
  });
  console.log(table(['#', 'Exercise', 'Title', 'Status'], rows));
  const next = exercises.find((e) => progress.exercises[e.id]?.lastCheck?.status !== 'pass');
  if (next && existsSync(exerciseFolder(next.id))) console.log(`\nNext: keep going in ${displayPath(exerciseFolder(next.id))}, then npm run check -- ${next.id}`);
  else if (next) console.log(`\nNext: npm run exercise -- start ${next.id}`);
  return 0;
}

function taskText(exercise: Exercise, folder: string): string {
  return [
    `${c.bold(exercise.title)} (${exercise.factor === 0 ? 'capstone, factors' : 'factor'} ${factorLabel(exercise)})`,
    '',
    exercise.summary,
    '',
    `Edit: ${exercise.editable.map((f) => displayPath(`${folder}/${f}`)).join(', ')}`,
    `Check: npm run check -- ${exercise.id}   (add --watch to re-check on every save)`,
    `Stuck? npm run exercise -- hint ${exercise.id}`,
  ].join('\n');
}

async function start(exercise: Exercise, force: boolean): Promise<number> {
  if (!(await courseExercises()).some((e) => e.id === exercise.id)) {
    console.log(c.yellow(`Note: ${exercise.id} is not part of this course's lessons (LESSONS in course.config.json); starting it anyway.`));
  }
  const folder = exerciseFolder(exercise.id);
  if (existsSync(folder) && !force) {
    throw new UsageError(
      `${displayPath(folder)} already exists, so nothing was copied (your work is untouched).\n` +
        `Continue there, or start over with: npm run exercise -- reset ${exercise.id}`,
    );
  }
  if (existsSync(folder)) console.log(`Your previous folder was moved to ${displayPath(await backUp(folder))}.`);
  await writeFolder(folder, exercise.starter);
  console.log(`Copied the starter files to ${displayPath(folder)}.\n`);
  console.log(taskText(exercise, folder));
  return 0;
}

async function hint(exercise: Exercise, all: boolean): Promise<number> {
  const policy = solutionPolicy();
  const hints = hintsFor(exercise.hints, policy);
  const total = hints.length;
  const show = (i: number) => console.log(`${c.cyan(`Hint ${i + 1} of ${total}:`)}\n${hints[i]}\n`);
  if (all) {
    hints.forEach((_, i) => show(i));
    await updateProgress(exercise.id, (p) => ({ ...p, hintsShown: total }));
    return 0;
  }
  const { hintsShown = 0 } = (await readProgress()).exercises[exercise.id] ?? {};
  const index = Math.min(hintsShown, total - 1);
  show(index);
  await updateProgress(exercise.id, (p) => ({ ...p, hintsShown: index + 1 }));
  if (index + 1 < total) console.log(c.dim(`Run the same command again for the next hint.`));
  else if (policy === 'never') console.log(c.dim('That was the last hint for this course. Still stuck? Ask your instructor.'));
  else console.log(c.dim(`That was the last hint. Still stuck? npm run exercise -- solution ${exercise.id}`));
  return 0;
}

async function reset(exercise: Exercise): Promise<number> {
  const folder = exerciseFolder(exercise.id);
  if (existsSync(folder)) console.log(`Your folder was moved to ${displayPath(await backUp(folder))}.`);
  await writeFolder(folder, exercise.starter);
  await updateProgress(exercise.id, ({ lastCheck: _dropped, ...rest }) => rest);
  console.log(`Restored the starter files in ${displayPath(folder)}.`);
  return 0;
}

function solutionPolicy(): 'always' | 'after-attempt' | 'never' {
  // The fork's course.config.json applies here too, under the environment.
  const value = withCourseFile(process.env)['SOLUTION_POLICY'] || variables.SOLUTION_POLICY.default;
  if (value === 'always' || value === 'after-attempt' || value === 'never') return value;
  throw new UsageError(`SOLUTION_POLICY must be one of: ${variables.SOLUTION_POLICY.values.join(', ')} (it is "${value}").`);
}

async function solution(exercise: Exercise): Promise<number> {
  const policy = solutionPolicy();
  if (policy === 'never') throw new UsageError('Solutions are switched off for this course (SOLUTION_POLICY=never).');
  const progress = (await readProgress()).exercises[exercise.id];
  if (policy === 'after-attempt' && !progress?.lastCheck) {
    throw new UsageError(`Have a go first: the solution unlocks after your first check.\n  npm run check -- ${exercise.id}`);
  }
  const folder = `${workspaceDir()}/${exercise.id}-solution`;
  await writeFolder(folder, exercise.solution);
  for (const file of exercise.editable) {
    const content = exercise.solution[file];
    if (content === undefined) continue;
    console.log(c.cyan(`── ${file} ──`));
    console.log(content.trimEnd());
    console.log();
  }
  console.log(`The whole reference solution is in ${displayPath(folder)}.`);
  console.log(c.dim('Other layouts and styles can be just as right: the checks only look at what the app does.'));
  return 0;
}

/** The factor an exercise is about, or for a capstone (factor 0) the factors it combines: "3,7". */
function factorLabel(exercise: Pick<Exercise, 'factor' | 'factors'>): string {
  return exercise.factor === 0 && exercise.factors?.length ? exercise.factors.join(',') : String(exercise.factor);
}

async function create(id: string, factorList: string | undefined): Promise<number> {
  const made = await scaffoldExercise({ id, ...(factorList === undefined ? {} : { factors: parseFactorList(factorList) }) });
  const dir = shown(made.exerciseDir);
  console.log(`Created a draft exercise in ${dir}/ and its lesson, ${shown(made.lessonFile)}:`);
  for (const file of made.files) console.log(`  ${dir}/${file}`);
  console.log(`  ${shown(made.lessonFile)}`);
  console.log(`
Both are drafts ("draft": true in exercise.json, draft: true in the lesson): npm run verify accepts
them while unfinished, lists what is left, and the site does not publish a draft lesson.

Next:
  1. npm run verify -- ${id}
     The starter fails and the solution passes the example check; the list below the table is your
     to-do list (variants, TODO(author) placeholders, the draft flags).
  2. Write the hidden checks in ${dir}/tests/ (exercises/_harness/README.md; the model is
     exercises/07-port-binding/): behavioural, for the principle, not for your solution.
  3. Write the starter (fails) and the solution (passes), exercise.json's summary and 3 graduated
     hints (a nudge, a pointer, a near-solution sketch).
  4. Add at least ${MIN_RIGHT_VARIANTS} variants/right-* and ${MIN_WRONG_VARIANTS} variants/wrong-* (${dir}/variants/README.md).
  5. Write the lesson: content/lessons/README.md (sections, exactness, quiz) and
     docs/lesson-requirements.md (what the factor's lesson and exercise must cover).
  6. Remove both draft flags; npm run verify -- ${id} must then be green with nothing left to do.`);
  return 0;
}
