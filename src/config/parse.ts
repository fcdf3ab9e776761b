import { z } from 'zod';
import { variables, type Variable, type VariableName, type VariableStage } from './variables.ts';

/** Thrown when the environment holds a value the schema refuses; the message names every bad variable. */
export class ConfigError extends Error {
  readonly problems: readonly { name: string; message: string }[];
  constructor(problems: { name: string; message: string }[]) {
    super(
      'Invalid configuration:\n' +
        problems.map((p) => `  ${p.name}: ${p.message}`).join('\n') +
        '\nSee .env.example for what each variable means.',
    );
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

type ValueOf<V extends Variable> = V extends { type: 'number' }
  ? number
  : V extends { type: 'boolean' }
    ? boolean
    : V extends { type: 'enum'; values: readonly (infer E)[] }
      ? E
      : string;

type Required<V extends Variable> = V extends { default: unknown } ? true : V extends { optional: true } ? false : true;

export type ConfigOf<S extends VariableStage> = {
  [K in VariableName as (typeof variables)[K]['stage'] extends S ? K : never]: Required<(typeof variables)[K]> extends true
    ? ValueOf<(typeof variables)[K]>
    : ValueOf<(typeof variables)[K]> | undefined;
};

/** The zod schema of one variable, reading the raw string the environment holds. */
export function schemaFor(variable: Variable): z.ZodType {
  switch (variable.type) {
    case 'number':
      return z
        .string()
        .trim()
        .regex(/^-?\d+$/, { error: 'must be a whole number' })
        .transform(Number)
        .pipe(
          z
            .number()
            .min(variable.min, { error: `must be at least ${variable.min}` })
            .max(variable.max, { error: `must be at most ${variable.max}` }),
        );
    case 'boolean':
      return z
        .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
        .transform((v) => v === 'true' || v === '1' || v === 'yes');
    case 'enum':
      return z.enum(variable.values as [string, ...string[]], {
        error: `must be one of: ${variable.values.join(', ')}`,
      });
    case 'string': {
      let s = z.string().trim().min(1, { error: 'must not be empty' });
      if (variable.url) s = s.url({ error: 'must be an absolute URL such as https://course.example.org' });
      if (variable.pattern) s = s.regex(new RegExp(variable.pattern.source), { error: `must be ${variable.pattern.explain}` });
      return s;
    }
  }
}

function defaultOf(variable: Variable): unknown {
  return 'default' in variable ? variable.default : undefined;
}

/**
 * Reads and validates every variable of one stage from `env`. Unset or empty
 * variables take their default; all problems are reported together.
 */
export function parseConfig<S extends VariableStage>(stage: S, env: Record<string, string | undefined>): ConfigOf<S> {
  const out: Record<string, unknown> = {};
  const problems: { name: string; message: string }[] = [];
  for (const [name, variable] of Object.entries(variables) as [string, Variable][]) {
    if (variable.stage !== stage) continue;
    const raw = env[name];
    if (raw === undefined || raw.trim() === '') {
      const fallback = defaultOf(variable);
      if (fallback === undefined && !variable.optional) problems.push({ name, message: 'is required but not set' });
      out[name] = fallback;
      continue;
    }
    const result = schemaFor(variable).safeParse(raw);
    if (result.success) out[name] = result.data;
    else problems.push({ name, message: `${result.error.issues[0]?.message ?? 'is invalid'} (got ${JSON.stringify(raw)})` });
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return out as ConfigOf<S>;
}
