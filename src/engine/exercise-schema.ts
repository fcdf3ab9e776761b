/**
 * The schema of exercises/NN-slug/exercise.json. A bad exercise fails loudly,
 * with a message that names the file and the field, at `npm run verify`, at
 * `astro build` and when the course server loads it.
 */
import { z } from 'zod';
import { InvalidPathError, validateLearnerPath } from './paths.ts';

const learnerPath = z.string().superRefine((value, ctx) => {
  try {
    validateLearnerPath(value);
  } catch (err) {
    ctx.addIssue({ code: 'custom', message: err instanceof InvalidPathError ? err.message : String(err) });
  }
});

export const exerciseSchema = z.strictObject({
  /** Optional pointer for editors. */
  $schema: z.string().optional(),
  /** The folder name, e.g. "07-port-binding". */
  id: z.string().regex(/^\d{2}-[a-z0-9]+(-[a-z0-9]+)*$/, { error: 'must look like "07-port-binding" (two digits, a dash, lowercase words)' }),
  /** Which of the twelve factors it practises; 0 for a capstone, which lists its factors in `factors`. */
  factor: z
    .int({ error: 'must be a whole number from 1 to 12 (0 for a capstone)' })
    .min(0, { error: 'must be from 1 to 12 (0 for a capstone)' })
    .max(12, { error: 'must be from 1 to 12' }),
  /** A capstone only (factor 0): the factors it practises, at least two. */
  factors: z
    .array(z.int({ error: 'must be a whole number from 1 to 12' }).min(1, { error: 'must be from 1 to 12' }).max(12, { error: 'must be from 1 to 12' }))
    .min(2, { error: 'must list at least two factors' })
    .optional(),
  title: z.string().trim().min(3, { error: 'must be at least 3 characters' }).max(80, { error: 'must be at most 80 characters' }),
  /** One or two sentences: the task, as shown in lists and by `npm run exercise -- start`. */
  summary: z.string().trim().min(10, { error: 'must be at least 10 characters' }).max(300, { error: 'must be at most 300 characters' }),
  /** Files the learner edits, shown as editor tabs in this order. */
  editable: z.array(learnerPath).min(1, { error: 'must list at least one file the learner edits' }),
  /** Context files shown read-only; a run always takes them from starter/. */
  readonly: z.array(learnerPath).default([]),
  /** May the learner add, rename and delete files? */
  allowNewFiles: z.boolean().default(false),
  /** How "Run app" starts the app. The value "auto" in env means "a free port chosen at start". */
  app: z
    .strictObject({
      command: z.array(z.string().min(1)).min(1, { error: 'must name a program, e.g. ["node", "server.js"]' }),
      env: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, { error: 'must be an environment variable name' }), z.string()).default({}),
    })
    .optional(),
  /** Graduated hints, gentlest first. Markdown allowed. */
  hints: z.array(z.string().trim().min(1, { error: 'must not be empty' })).min(3, { error: 'must list at least 3 graduated hints' }),
  /** Whole-run time limit for the hidden tests, in ms. */
  timeoutMs: z.int().min(1000, { error: 'must be at least 1000 (ms)' }).max(120_000, { error: 'must be at most 120000 (ms)' }).default(20_000),
  /**
   * Work in progress (set by `npm run exercise -- new`). `npm run verify` accepts a draft
   * that is not finished yet (too few variants, TODO(author) placeholders) and lists what
   * is left; remove the field when the list is empty. Its lesson stays `draft: true` too.
   */
  draft: z.boolean({ error: 'must be true or false' }).optional(),
}).superRefine((meta, ctx) => {
  if (meta.factor === 0 && !meta.factors) ctx.addIssue({ code: 'custom', path: ['factors'], message: 'must list the factors a capstone (factor 0) practises' });
  if (meta.factor !== 0 && meta.factors) ctx.addIssue({ code: 'custom', path: ['factors'], message: 'is only for a capstone (factor 0); an exercise of one factor names it in "factor"' });
});

export type ExerciseMeta = z.output<typeof exerciseSchema>;

/** Thrown for an exercise folder that does not follow the contract; names the file and the field. */
export class ExerciseConfigError extends Error {
  readonly file: string;
  readonly problems: readonly ExerciseProblem[];
  constructor(file: string, problems: ExerciseProblem[]) {
    const lines = problems.map((p) => `${file}: ${p.field ? `field "${p.field}": ` : ''}${p.message}`);
    // Every problem at once, so a bad file is fixed in one round.
    super(lines.length > 1 ? `${file} has ${lines.length} problems:\n${lines.map((l) => `  ${l}`).join('\n')}` : (lines[0] ?? `${file}: invalid`));
    this.name = 'ExerciseConfigError';
    this.file = file;
    this.problems = problems;
  }
}

/** "hints", "app.command[0]", "editable[2]" */
function fieldName(path: readonly PropertyKey[]): string {
  return path.reduce<string>((name, key) => (typeof key === 'number' ? `${name}[${key}]` : name ? `${name}.${String(key)}` : String(key)), '');
}

export interface ExerciseProblem {
  /** "hints", "app.command[0]"; '' for the file as a whole. */
  field: string;
  message: string;
}

/** What `inspectExerciseJson` found: the parsed metadata when valid, the raw JSON when readable, and every problem. */
export interface ExerciseJsonReport {
  meta: ExerciseMeta | null;
  /** The parsed JSON (undefined when it is not JSON), for cross-checks that still make sense when the schema fails. */
  raw: unknown;
  problems: ExerciseProblem[];
}

/** Like parseExerciseJson, but returns every problem instead of throwing. */
export function inspectExerciseJson(text: string): ExerciseJsonReport {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    return { meta: null, raw: undefined, problems: [{ field: '', message: `is not valid JSON (${(err as Error).message})` }] };
  }
  const result = exerciseSchema.safeParse(raw);
  if (result.success) return { meta: result.data, raw, problems: [] };
  const problems = result.error.issues.flatMap((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        field: fieldName([...issue.path, key]),
        message: `unknown field (allowed: ${Object.keys(issue.path.length ? {} : exerciseSchema.shape).join(', ') || 'see exercise-schema.ts'})`,
      }));
    }
    const field = fieldName(issue.path);
    if (issue.code !== 'invalid_type') return [{ field, message: issue.message }];
    const found = valueAt(raw, issue.path);
    if (found === undefined) return [{ field, message: 'is required' }];
    // zod's own wording ("Invalid input: expected …") is replaced; the schema's messages are kept.
    const message = issue.message.startsWith('Invalid input') ? `must be ${article(issue.expected)} (found ${kindOf(found)})` : issue.message;
    return [{ field, message, wrongType: true }];
  });
  // A value of the wrong type gets that one problem, not also the checks that assumed the right type.
  const wrongTypes = new Set(problems.filter((p) => 'wrongType' in p).map((p) => p.field));
  const kept = problems.filter((p) => !wrongTypes.has(p.field) || 'wrongType' in p).map(({ field, message }) => ({ field, message }));
  return { meta: null, raw, problems: kept };
}

/** The value at `path` inside parsed JSON, or undefined when it is not there. */
function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let here = value;
  for (const key of path) {
    if (typeof here !== 'object' || here === null) return undefined;
    here = (here as Record<PropertyKey, unknown>)[key];
  }
  return here;
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'an object';
  return `${article(typeof value)} ${JSON.stringify(value)}`.replace(/^(an? \w+) (.{40}).+$/, '$1 $2…');
}

function article(type: string): string {
  const name = { int: 'whole number', array: 'list', object: 'object', string: 'string', number: 'number', boolean: 'boolean (true or false)' }[type] ?? type;
  return `${/^[aeiou]/.test(name) ? 'an' : 'a'} ${name}`;
}

/**
 * Parses the text of an exercise.json. `file` is how messages name it
 * (e.g. "exercises/07-port-binding/exercise.json"). Throws one
 * ExerciseConfigError listing every problem.
 */
export function parseExerciseJson(text: string, file: string): ExerciseMeta {
  const { meta, problems } = inspectExerciseJson(text);
  if (!meta) throw new ExerciseConfigError(file, problems);
  return meta;
}
