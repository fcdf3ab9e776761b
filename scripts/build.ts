/**
 * `npm run build`: the static site and its search index, safely.
 *
 * 1. Settings first: course.config.json and the environment are validated, and
 *    every id in LESSONS is checked against content/lessons/, before Astro
 *    starts (a typo is named in a second, not 15 s into a build).
 * 2. The build goes to a fresh folder next to dist/; only a build that succeeded
 *    (Astro and Pagefind) replaces dist/. A failed build leaves the last good
 *    site in place, so a server that is running keeps serving it.
 */
import { existsSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { applyCourseFile } from '../src/config/course-file.ts';
import { ConfigError, parseConfig } from '../src/config/parse.ts';
import { parseLessonSelection } from '../src/content/lesson-selection.ts';
import { readSealed } from '../src/engine/sealed.ts';
import { npx, runCommand } from './lib/run-command.ts';

const OUT = 'dist';
const NEXT = 'dist.next';
const OLD = 'dist.old';

/** Problems with the build settings, in plain words; empty when they are fine. */
export function settingsProblems(env: Record<string, string | undefined>, lessonsDir = join('content', 'lessons'), exercisesDir = 'exercises'): string[] {
  let config;
  try {
    applyCourseFile(env);
    config = parseConfig('build', env);
  } catch (error) {
    if (error instanceof ConfigError) return [error.message];
    throw error;
  }
  // A fork whose solutions were sealed away (npm run workshop -- seal) has none to publish.
  const sealed = readdirSync(exercisesDir).filter((id) => readSealed(join(exercisesDir, id)) !== null);
  if (sealed.length && config.SOLUTION_POLICY !== 'never') {
    return [`SOLUTION_POLICY is ${config.SOLUTION_POLICY}, but the solutions of ${sealed.join(', ')} were sealed away (npm run workshop -- seal): set SOLUTION_POLICY=never in course.config.json.`];
  }
  const wanted = parseLessonSelection(config.LESSONS);
  if (!wanted) return [];
  const known = readdirSync(lessonsDir)
    .filter((name) => name.endsWith('.mdx'))
    .map((name) => name.slice(0, -'.mdx'.length))
    .sort();
  const unknown = wanted.filter((id) => !known.includes(id));
  return unknown.length ? [`LESSONS names lessons that do not exist: ${unknown.join(', ')}. Known lessons: ${known.join(', ')}.`] : [];
}

async function main(): Promise<number> {
  const problems = settingsProblems(process.env);
  if (problems.length) {
    console.error(`The site was not built:\n${problems.join('\n')}`);
    return 1;
  }
  rmSync(NEXT, { recursive: true, force: true });
  const env = { ...process.env, ASTRO_TELEMETRY_DISABLED: '1' };
  let code = await runCommand(npx, ['astro', 'build', '--outDir', NEXT], env);
  if (code === 0) code = await runCommand(npx, ['pagefind', '--site', NEXT, '--silent'], env);
  if (code !== 0) {
    rmSync(NEXT, { recursive: true, force: true });
    console.error(`The build failed (exit code ${code}).${existsSync(OUT) ? ` The last good build in ${OUT}/ is unchanged.` : ''}`);
    return code;
  }
  // Swap: the old build moves aside first, so dist/ is never half-written.
  rmSync(OLD, { recursive: true, force: true });
  if (existsSync(OUT)) renameSync(OUT, OLD);
  renameSync(NEXT, OUT);
  rmSync(OLD, { recursive: true, force: true });
  return 0;
}

if (import.meta.main) process.exitCode = await main();
