/**
 * What `npm run verify` checks besides the hidden tests' verdicts: that an exercise
 * is finished (the course's variant minimum, no TODO(author) placeholders left, its
 * lesson no longer a draft) and that a lesson uses it. A draft exercise
 * (`"draft": true` in exercise.json, as `npm run exercise -- new` writes it) gets the
 * same list as things still to do instead of failures.
 */
import { existsSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Exercise, Variant } from '../engine/exercises.ts';

/** The course's minimum of variants per exercise (see exercises/_harness/README.md). */
export const MIN_RIGHT_VARIANTS = 3;
export const MIN_WRONG_VARIANTS = 5;

/** The marker the scaffold puts on every placeholder; a finished exercise or lesson has none. */
export const PLACEHOLDER = 'TODO(author)';

/** The lessons folder: $TFC_LESSONS_DIR, else the repository's content/lessons/. */
export function lessonsRoot(explicit?: string): string {
  if (explicit) return path.resolve(explicit);
  const fromEnv = process.env['TFC_LESSONS_DIR'];
  if (fromEnv) return path.resolve(fromEnv);
  return fileURLToPath(new URL('../../content/lessons/', import.meta.url));
}

export interface LessonRef {
  /** The lesson file, e.g. "content/lessons/07-port-binding.mdx" (relative to the working directory when inside it). */
  file: string;
  /** Its frontmatter's `exercise:` value. */
  exercise: string;
  /** Its frontmatter says `draft: true`. */
  draft: boolean;
  /** Its text contains the TODO(author) marker. */
  placeholders: boolean;
}

/** The frontmatter block of an MDX file ('' when it has none). */
export function frontmatterOf(text: string): string {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\s*(\r?\n|$)/.exec(text);
  return match?.[1] ?? '';
}

/** Reads every lesson's `exercise:` and `draft:` (a line-level read of the YAML frontmatter; no YAML library needed). */
export async function readLessonRefs(dir = lessonsRoot()): Promise<LessonRef[]> {
  let names: string[];
  try {
    names = (await readdir(dir)).filter((n) => n.endsWith('.mdx')).sort();
  } catch {
    return [];
  }
  const refs: LessonRef[] = [];
  for (const name of names) {
    const text = await readFile(path.join(dir, name), 'utf8');
    const front = frontmatterOf(text);
    const exercise = /^exercise:[ \t]*(["']?)([^"'\s#]+)\1[ \t]*(#.*)?$/m.exec(front)?.[2];
    if (!exercise) continue;
    refs.push({ file: shown(path.join(dir, name)), exercise, draft: /^draft:[ \t]*true[ \t]*(#.*)?$/m.test(front), placeholders: text.includes(PLACEHOLDER) });
  }
  return refs;
}

/** Display form of a path: relative to the working directory when inside it. */
export function shown(file: string): string {
  const rel = path.relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel.split(path.sep).join('/') : file;
}

/** "needs 3 right and 5 wrong variants (has 1 and 0)", or null when the minimum is met. */
export function variantShortfall(variants: Pick<Variant, 'expect'>[], sealedRight = 0): string | null {
  // A sealed exercise's right variants were verified, then removed (src/engine/sealed.ts).
  const right = variants.filter((v) => v.expect === 'pass').length + sealedRight;
  const wrong = variants.filter((v) => v.expect === 'fail').length;
  if (right >= MIN_RIGHT_VARIANTS && wrong >= MIN_WRONG_VARIANTS) return null;
  return (
    `needs ${MIN_RIGHT_VARIANTS} right and ${MIN_WRONG_VARIANTS} wrong variants (has ${right} and ${wrong}): ` +
    `add variants/right-<approach>/ (a correct solution in another style, must pass) and variants/wrong-<mistake>/ ` +
    `(a plausible learner mistake with a README.md saying what is wrong and "Expected to fail: <check name>", must fail); ` +
    `each holds only the files that differ from starter/`
  );
}

/** Files of the exercise (exercise.json, starter/, solution/, tests/, variants/) that still contain TODO(author). */
export async function placeholderFiles(exercise: Exercise, variants: Variant[]): Promise<string[]> {
  const found: string[] = [];
  const json = await readFile(path.join(exercise.dir, 'exercise.json'), 'utf8').catch(() => '');
  if (json.includes(PLACEHOLDER)) found.push('exercise.json');
  for (const [folder, tree] of [['starter', exercise.starter], ['solution', exercise.solution], ['tests', exercise.tests]] as const) {
    for (const [file, text] of Object.entries(tree)) if (text.includes(PLACEHOLDER)) found.push(`${folder}/${file}`);
  }
  for (const v of variants) {
    for (const [file, text] of Object.entries({ ...v.files, 'README.md': v.readme })) if (text.includes(PLACEHOLDER)) found.push(`variants/${v.name}/${file}`);
  }
  return found;
}

export interface Completeness {
  /** What keeps the exercise from being finished; for a draft, its to-do list. */
  unfinished: string[];
  /** Problems that fail even a draft (a published lesson with a draft exercise). */
  problems: string[];
  /** Worth a look, never a failure (no lesson uses the exercise). */
  warnings: string[];
}

/** Everything about an exercise being finished and used, apart from the hidden tests' verdicts. */
export async function completeness(exercise: Exercise, variants: Variant[], lessons: LessonRef[], lessonsDir: string): Promise<Completeness> {
  const result: Completeness = { unfinished: [], problems: [], warnings: [] };
  const shortfall = variantShortfall(variants, exercise.sealed?.rightVariants ?? 0);
  if (shortfall) result.unfinished.push(shortfall);
  const files = await placeholderFiles(exercise, variants);
  if (files.length) result.unfinished.push(`replace the ${PLACEHOLDER} placeholders in ${files.join(', ')}`);
  const mine = lessons.filter((l) => l.exercise === exercise.id);
  for (const lesson of mine) {
    if (lesson.placeholders) result.unfinished.push(`replace the ${PLACEHOLDER} placeholders in ${lesson.file}`);
    if (lesson.draft) result.unfinished.push(`remove "draft: true" from ${lesson.file} once the lesson is finished`);
    else if (exercise.draft) result.problems.push(`${lesson.file} is published (no "draft: true") but its exercise is a draft: mark the lesson draft: true, or finish the exercise`);
  }
  if (!mine.length) {
    const where = existsSync(lessonsDir) ? shown(lessonsDir) : `${shown(lessonsDir)} (not found)`;
    result.warnings.push(`no lesson uses exercise ${exercise.id}: no lesson in ${where} has exercise: "${exercise.id}" in its frontmatter`);
  }
  if (exercise.draft) result.unfinished.push(`remove "draft": true from exercise.json once everything above is done`);
  return result;
}
