/**
 * Reading exercises from disk (Node only): exercises/NN-slug/ with exercise.json,
 * starter/, solution/, tests/ and variants/, plus the shared exercises/_harness/.
 * Used by the CLI, the course server and, at build time, by the Astro site to
 * produce the per-exercise JSON bundles the browser loads.
 */
import { readSealed, type Sealed } from './sealed.ts';
import { existsSync } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ExerciseConfigError, inspectExerciseJson, type ExerciseMeta, type ExerciseProblem } from './exercise-schema.ts';
import type { FileTree } from './learner-files.ts';

export type { ExerciseMeta } from './exercise-schema.ts';
export type { FileTree } from './learner-files.ts';

export interface Exercise extends ExerciseMeta {
  /** Absolute path of the exercise folder. */
  dir: string;
  starter: FileTree;
  solution: FileTree;
  /** Hidden tests (tests/**), laid out as hidden/tests/ in a run. */
  tests: FileTree;
  /** exercises/_harness/**, laid out as hidden/_harness/ in a run. */
  harness: FileTree;
  /** Set when the solution was removed for a no-solutions workshop (sealed.ts); `solution` is then empty. */
  sealed: Sealed | null;
}

export interface Variant {
  /** Folder name, e.g. "right-config-module" or "wrong-hard-coded-port". */
  name: string;
  /** right-* must pass, wrong-* must fail. */
  expect: 'pass' | 'fail';
  /** The variant's learner files (its README.md excluded: it describes the variant). */
  files: FileTree;
  readme: string;
  /** Checks the README says must fail ("Expected to fail: <check name>" lines). */
  expectedFailures: string[];
}

export interface ExerciseOptions {
  /** The exercises folder. Default: $TFC_EXERCISES_DIR, else the repository's exercises/. */
  root?: string;
}

/** Thrown for an exercise id that does not exist; `known` lists the ids that do. */
export class UnknownExerciseError extends Error {
  readonly id: string;
  readonly known: string[];
  constructor(id: string, known: string[]) {
    super(`There is no exercise "${id}". Exercises: ${known.join(', ') || '(none)'}.`);
    this.name = 'UnknownExerciseError';
    this.id = id;
    this.known = known;
  }
}

const ID_PATTERN = /^\d{2}-[a-z0-9]+(-[a-z0-9]+)*$/;
const SKIPPED = new Set(['node_modules', '.git', '.DS_Store']);
const MAX_FILE_BYTES = 1024 * 1024;

/**
 * The exercises folder. Relative to this module when it sits in the repository
 * (CLI, server, tests); relative to the working directory otherwise (the Astro
 * build bundles this file elsewhere, and runs from the project root).
 */
export function exercisesRoot(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = process.env['TFC_EXERCISES_DIR'];
  if (fromEnv) return path.resolve(fromEnv);
  const besideSource = fileURLToPath(new URL('../../exercises/', import.meta.url));
  if (import.meta.url.startsWith('file:') && existsSync(path.join(besideSource, '_harness'))) return besideSource;
  return path.resolve('exercises');
}

/** Display form of a path for error messages: relative to the working directory when inside it. */
function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

async function exerciseIds(root: string): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(root, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries
    .filter((e) => e.isDirectory() && ID_PATTERN.test(e.name) && existsSync(path.join(root, e.name, 'exercise.json')))
    .map((e) => e.name)
    .sort();
}

/** The ids of the exercise folders (NN-slug with an exercise.json), sorted, without reading them. */
export async function listExerciseIds(options: ExerciseOptions = {}): Promise<string[]> {
  return exerciseIds(exercisesRoot(options.root));
}

/** All exercises' metadata, in id (= factor) order. Throws ExerciseConfigError for a bad one. */
export async function listExercises(options: ExerciseOptions = {}): Promise<ExerciseMeta[]> {
  const root = exercisesRoot(options.root);
  const ids = await exerciseIds(root);
  return Promise.all(ids.map((id) => readMeta(root, id)));
}

async function readMeta(root: string, id: string): Promise<ExerciseMeta> {
  const { meta, problems, file } = await inspectMeta(root, id);
  if (!meta || problems.length) throw new ExerciseConfigError(file, problems);
  return meta;
}

/** exercise.json checked on its own and against its folder name; every problem, none thrown. */
async function inspectMeta(root: string, id: string): Promise<{ meta: ExerciseMeta | null; raw: unknown; problems: ExerciseProblem[]; file: string }> {
  const full = path.join(root, id, 'exercise.json');
  const file = shown(full);
  const { meta, raw, problems } = inspectExerciseJson(await readFile(full, 'utf8'));
  // The folder checks also run when the schema fails (on the raw values), so one run lists everything.
  const fields = isRecord(raw) ? raw : {};
  const rawId = fields['id'];
  const rawFactor = fields['factor'];
  if (typeof rawId === 'string' && rawId !== id) problems.push({ field: 'id', message: `must be "${id}", the name of its folder (found "${rawId}")` });
  const number = Number(id.slice(0, 2));
  if (typeof rawFactor === 'number') {
    if (number <= 12 && rawFactor !== number) problems.push({ field: 'factor', message: `must be ${number}, as the folder name says (found ${rawFactor})` });
    // Folders numbered above 12 are capstones: several factors at once (factor 0, and "factors").
    if (number > 12 && rawFactor !== 0) problems.push({ field: 'factor', message: `must be 0: a capstone (folder number above 12) lists its factors in "factors" (found ${rawFactor})` });
  }
  return { meta, raw, problems, file };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The string entries of a raw JSON array field (for cross-checks of a file that failed the schema). */
function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

/**
 * Reads every text file under `dir` into a tree keyed by '/'-separated relative
 * paths (skipping node_modules and .git). Missing folder → empty tree.
 */
export async function readTree(dir: string): Promise<FileTree> {
  const tree: FileTree = {};
  const visit = async (rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(path.join(dir, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
      if (SKIPPED.has(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      const full = path.join(dir, child);
      if (entry.isDirectory()) await visit(child);
      else if (entry.isFile() && (await stat(full)).size <= MAX_FILE_BYTES) tree[child] = await readFile(full, 'utf8');
    }
  };
  await visit('');
  return tree;
}

/**
 * One exercise: metadata plus its file trees. Unknown id → UnknownExerciseError.
 * A bad exercise → one ExerciseConfigError listing every problem: the schema's, the
 * folder name's and the cross-checks against starter/, solution/ and tests/.
 */
export async function loadExercise(id: string, options: ExerciseOptions = {}): Promise<Exercise> {
  const root = exercisesRoot(options.root);
  const ids = await exerciseIds(root);
  if (!ID_PATTERN.test(id) || !ids.includes(id)) throw new UnknownExerciseError(id, ids);
  const { meta, raw, problems, file } = await inspectMeta(root, id);
  const dir = path.join(root, id);
  const [starter = {}, solution = {}, tests = {}, harness = {}] = await Promise.all(
    ['starter', 'solution', 'tests'].map((sub) => readTree(path.join(dir, sub))).concat(readTree(path.join(root, '_harness'))),
  );
  const fields = isRecord(raw) ? raw : {};
  const lists = meta ?? { editable: stringsOf(fields['editable']), readonly: stringsOf(fields['readonly']) };
  const sealed = readSealed(dir);
  problems.push(...treeProblems(lists, { starter, solution, tests, harness }, sealed !== null));
  if (!meta || problems.length) throw new ExerciseConfigError(file, problems);
  return { ...meta, dir, starter, solution, tests, harness, sealed };
}

/** Cross-checks exercise.json's file lists against the folders next to it. */
function treeProblems(
  lists: { editable: string[]; readonly: string[] },
  trees: { starter: FileTree; solution: FileTree; tests: FileTree; harness: FileTree },
  sealed = false,
): ExerciseProblem[] {
  const problems: ExerciseProblem[] = [];
  lists.editable.forEach((p, i) => {
    if (!(p in trees.starter)) problems.push({ field: `editable[${i}]`, message: `"${p}" is not in starter/` });
  });
  lists.readonly.forEach((p, i) => {
    if (!(p in trees.starter)) problems.push({ field: `readonly[${i}]`, message: `"${p}" is not in starter/` });
    if (lists.editable.includes(p)) problems.push({ field: `readonly[${i}]`, message: `"${p}" is also listed as editable` });
  });
  if (!sealed && !Object.keys(trees.solution).length) problems.push({ field: '', message: 'the exercise has no solution/ folder (or it is empty)' });
  if (!Object.keys(trees.tests).some((p) => !p.includes('/') && p.endsWith('.test.mjs'))) {
    problems.push({ field: '', message: 'the exercise has no hidden tests (tests/*.test.mjs)' });
  }
  if (!('run.mjs' in trees.harness)) problems.push({ field: '', message: 'exercises/_harness/run.mjs is missing' });
  return problems;
}

/** The right-* and wrong-* variants of an exercise (fixtures for `npm run verify`). */
export async function listVariants(id: string, options: ExerciseOptions = {}): Promise<Variant[]> {
  const exercise = await loadExercise(id, options);
  const variantsDir = path.join(exercise.dir, 'variants');
  let entries;
  try {
    entries = await readdir(variantsDir, { withFileTypes: true });
  } catch {
    return [];
  }
  const variants: Variant[] = [];
  for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (!entry.isDirectory()) continue;
    const expect = entry.name.startsWith('right-') ? 'pass' : entry.name.startsWith('wrong-') ? 'fail' : null;
    if (!expect) {
      throw new ExerciseConfigError(shown(path.join(variantsDir, entry.name)), [{ field: '', message: 'a variant folder must be named right-* or wrong-*' }]);
    }
    const { 'README.md': readme = '', ...files } = await readTree(path.join(variantsDir, entry.name));
    if (expect === 'fail' && !readme.trim()) {
      throw new ExerciseConfigError(shown(path.join(variantsDir, entry.name, 'README.md')), [
        { field: '', message: 'every wrong-* variant needs a README.md that says what is wrong' },
      ]);
    }
    const expectedFailures = [...readme.matchAll(/^Expected to fail: (.+)$/gm)].map((m) => (m[1] ?? '').trim());
    variants.push({ name: entry.name, expect, files, readme, expectedFailures });
  }
  return variants;
}
