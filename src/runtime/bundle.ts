/**
 * The exercise bundle the browser fetches from `<base>exercises/<id>.json`
 * (built by `src/pages/exercises/[id].json.ts`). Browser-safe.
 */
import { hintsFor } from '../engine/hints.ts';

export type SolutionPolicy = 'always' | 'after-attempt' | 'never';

export interface AppSpec {
  command: string[];
  /** `"auto"` means: the runtime picks a free port and sets the variable to it. */
  env: Record<string, string>;
}

export interface ExerciseBundle {
  version: 1;
  id: string;
  factor: number;
  title: string;
  summary: string;
  /** Paths the learner edits, shown as editor tabs in this order. */
  editable: string[];
  /** Context paths shown read-only. */
  readonly: string[];
  allowNewFiles: boolean;
  app: AppSpec | null;
  hints: string[];
  timeoutMs: number;
  solutionPolicy: SolutionPolicy;
  /** The learner's starting tree (editable and read-only files). */
  starter: Record<string, string>;
  /** Reference solution; null when SOLUTION_POLICY=never. */
  solution: Record<string, string> | null;
  /** Hidden tests, laid out under hidden/tests/. */
  tests: Record<string, string>;
  /** Shared harness, laid out under hidden/_harness/. */
  harness: Record<string, string>;
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string');
}

/** Checks the shape of a fetched bundle; throws with a plain message when it is not one. */
export function parseBundle(value: unknown): ExerciseBundle {
  const b = value as Partial<ExerciseBundle> | null;
  const ok =
    typeof b === 'object' &&
    b !== null &&
    b.version === 1 &&
    typeof b.id === 'string' &&
    typeof b.title === 'string' &&
    isStringArray(b.editable) &&
    isStringArray(b.readonly) &&
    isStringArray(b.hints) &&
    typeof b.timeoutMs === 'number' &&
    isStringRecord(b.starter) &&
    isStringRecord(b.tests) &&
    isStringRecord(b.harness) &&
    (b.solution === null || isStringRecord(b.solution)) &&
    (b.app === null || (typeof b.app === 'object' && isStringArray(b.app.command)));
  if (!ok) throw new Error('The exercise data is not in the expected format. Rebuild the site (npm run build).');
  return b as ExerciseBundle;
}

/** What the bundle is made from: the engine's exercise (metadata + trees), structurally. */
export interface BundleSource {
  id: string;
  factor: number;
  title: string;
  summary: string;
  editable: readonly string[];
  readonly: readonly string[];
  allowNewFiles: boolean;
  app?: { command: readonly string[]; env: Record<string, string> } | undefined;
  hints: readonly string[];
  timeoutMs: number;
  starter: Record<string, string>;
  solution: Record<string, string>;
  tests: Record<string, string>;
  harness: Record<string, string>;
}

/** The bundle for one exercise under a solution policy (the solution, and the near-solution last hint, are left out when it is "never"). */
export function toBundle(exercise: BundleSource, policy: SolutionPolicy): ExerciseBundle {
  return {
    version: 1,
    id: exercise.id,
    factor: exercise.factor,
    title: exercise.title,
    summary: exercise.summary,
    editable: [...exercise.editable],
    readonly: [...exercise.readonly],
    allowNewFiles: exercise.allowNewFiles,
    app: exercise.app ? { command: [...exercise.app.command], env: { ...exercise.app.env } } : null,
    hints: hintsFor(exercise.hints, policy),
    timeoutMs: exercise.timeoutMs,
    solutionPolicy: policy,
    starter: exercise.starter,
    solution: policy === 'never' ? null : exercise.solution,
    tests: exercise.tests,
    harness: exercise.harness,
  };
}
