/**
 * `course.config.json`: the course's shape as a fork commits it (title,
 * workshop name, lessons, solution policy, runtime…), so that every attendee
 * who clones the fork gets that course from `npm start`, the CLI and a hosted
 * build alike. Keys are the variable names of the one schema
 * (src/config/variables.ts); values are validated by that schema.
 *
 * The environment still wins, per deploy: the file holds what is the same for
 * every deploy of this fork (what the course *is*, which lives with the code,
 * like the lesson files), the environment what differs between deploys (a
 * host, a port, a licence key). That is factor III's split, and why
 * credentials never belong in the file.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, schemaFor } from './parse.ts';
import { variables, type Variable } from './variables.ts';

export const COURSE_FILE = 'course.config.json';

/** Keys that would be secrets or per-machine: refused in the committed file. */
const NOT_IN_FILE = new Set(['WEBCONTAINER_CLIENT_ID', 'PORT', 'HOST']);

/** The file's settings as environment-style strings; {} when there is no file. Throws ConfigError naming the file and key. */
export function readCourseFile(dir: string = process.cwd()): Record<string, string> {
  const file = join(dir, COURSE_FILE);
  if (!existsSync(file)) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ConfigError([{ name: COURSE_FILE, message: `is not valid JSON (${(error as Error).message})` }]);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ConfigError([{ name: COURSE_FILE, message: 'must be a JSON object of settings, such as { "COURSE_TITLE": "…" }' }]);
  }
  const values: Record<string, string> = {};
  const problems: { name: string; message: string }[] = [];
  for (const [key, value] of Object.entries(parsed)) {
    if (key.startsWith('$') || key.startsWith('//')) continue; // "$schema", comments
    if (!(key in variables)) problems.push({ name: `${COURSE_FILE}: ${key}`, message: 'is not a setting of this course (see .env.example)' });
    else if (NOT_IN_FILE.has(key)) problems.push({ name: `${COURSE_FILE}: ${key}`, message: 'differs per deploy or is a secret: set it in the environment, not in the committed file' });
    else {
      const text = Array.isArray(value) && value.every((v) => typeof v === 'string') ? value.join(',') : ['string', 'number', 'boolean'].includes(typeof value) ? String(value) : null;
      if (text === null) {
        problems.push({ name: `${COURSE_FILE}: ${key}`, message: 'must be text, a number, true/false, or a list of text' });
        continue;
      }
      const checked = schemaFor((variables as Record<string, Variable>)[key] as Variable).safeParse(text);
      if (checked.success) values[key] = text;
      else problems.push({ name: `${COURSE_FILE}: ${key}`, message: `${checked.error.issues[0]?.message ?? 'is invalid'} (got ${JSON.stringify(value)})` });
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return values;
}

/** The environment with the course file's settings under it: a non-empty environment variable wins. */
export function withCourseFile(env: Record<string, string | undefined>, dir?: string): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  for (const [key, value] of Object.entries(readCourseFile(dir))) {
    if (merged[key] === undefined || merged[key]?.trim() === '') merged[key] = value;
  }
  return merged;
}

/** Puts the course file's settings into `env` where it has none (the build and `npm start` use process.env). */
export function applyCourseFile(env: Record<string, string | undefined> = process.env, dir?: string): void {
  for (const [key, value] of Object.entries(readCourseFile(dir))) {
    if (env[key] === undefined || env[key]?.trim() === '') env[key] = value;
  }
}
