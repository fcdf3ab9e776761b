/**
 * Pure workbench logic (no DOM, no CodeMirror), unit-tested on its own:
 * the learner's file set, result summaries, and the solution policy.
 */
import type { Results } from '../engine/results.ts';
import type { ExerciseBundle } from '../runtime/bundle.ts';
import { InvalidPathError, validateLearnerPath } from '../engine/paths.ts';

/**
 * The files the learner starts with now: the starter's editable files with
 * saved edits on top. When the exercise lets the learner add, rename and
 * delete files, the saved tree is taken as it is (read-only paths excepted).
 */
export function initialFiles(bundle: ExerciseBundle, saved: Record<string, string> | undefined): Record<string, string> {
  if (bundle.allowNewFiles && saved && Object.keys(saved).length > 0) {
    return Object.fromEntries(Object.entries(saved).filter(([path]) => !bundle.readonly.includes(path) && isValidPath(path)));
  }
  const files: Record<string, string> = {};
  for (const path of bundle.editable) files[path] = bundle.starter[path] ?? '';
  if (saved) {
    for (const [path, content] of Object.entries(saved)) {
      if (bundle.editable.includes(path) || (bundle.allowNewFiles && !bundle.readonly.includes(path))) files[path] = content;
    }
  }
  return files;
}

/**
 * Everything sent to a runtime: the learner's files plus the read-only ones
 * from the starter (plus, when files cannot be added or removed, any other
 * starter file).
 */
export function filesForRun(bundle: ExerciseBundle, learner: Record<string, string>): Record<string, string> {
  const base = bundle.allowNewFiles ? Object.fromEntries(bundle.readonly.map((p) => [p, bundle.starter[p] ?? ''])) : bundle.starter;
  return { ...base, ...learner };
}

function isValidPath(path: string): boolean {
  try {
    return validateLearnerPath(path) === path;
  } catch {
    return false;
  }
}

/**
 * Checks a file name the learner typed for a new or renamed file: a valid
 * learner path that is not taken (as a file, or as a folder of another file)
 * and not a read-only file.
 */
export function checkNewPath(input: string, existing: readonly string[], readonly: readonly string[]): { ok: true; path: string } | { ok: false; error: string } {
  let path: string;
  try {
    path = validateLearnerPath(input.trim());
  } catch (error) {
    return { ok: false, error: error instanceof InvalidPathError ? error.message : String(error) };
  }
  const all = [...existing, ...readonly];
  if (all.includes(path)) return { ok: false, error: `There is already a file called ${path}.` };
  const clash = all.find((p) => p.startsWith(`${path}/`) || path.startsWith(`${p}/`));
  if (clash) return { ok: false, error: `${path} clashes with ${clash}: a name cannot be both a file and a folder.` };
  return { ok: true, path };
}

/** "2 of 3 checks pass", or a sentence for a run that could not check anything. */
export function summaryText(results: Results): string {
  const total = results.tests.length;
  if (total === 0) return results.status === 'pass' ? 'All checks pass.' : 'The tests could not run.';
  const passing = results.tests.filter((t) => t.status === 'pass').length;
  if (passing === total) return `All ${total} checks pass. Well done!`;
  return `${passing} of ${total} checks pass`;
}

/** Whether the reference solution may be shown now. */
export function solutionState(bundle: ExerciseBundle, attempts: number): 'shown' | 'locked' | 'never' {
  if (bundle.solutionPolicy === 'never' || !bundle.solution) return 'never';
  if (bundle.solutionPolicy === 'always') return 'shown';
  return attempts > 0 ? 'shown' : 'locked';
}

export function languageOf(path: string): 'javascript' | 'json' | 'text' {
  if (/\.(m|c)?(j|t)sx?$/.test(path)) return 'javascript';
  if (/\.json$/.test(path)) return 'json';
  return 'text';
}
