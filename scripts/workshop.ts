/**
 * `npm run workshop -- seal`: prepares a fork for a workshop that gives no
 * solutions (SOLUTION_POLICY=never in course.config.json). The page and the
 * CLI already hold solutions back under that policy; this also takes them out
 * of what attendees clone:
 *
 * 1. `npm run verify` must pass first (the solutions are checked one last time);
 * 2. each exercise's `solution/` and `variants/right-*` are removed, and a
 *    `sealed.json` records when, from which commit, and how many right variants
 *    passed (src/engine/sealed.ts), so `verify` on the fork still checks the
 *    starters and the wrong variants and reports the rest as verified before sealing.
 *
 * Run it on the branch attendees clone; keep the unsealed branch for yourself.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { withCourseFile } from '../src/config/course-file.ts';
import { exercisesRoot, listExerciseIds } from '../src/engine/exercises.ts';
import { SEALED_FILE, type Sealed } from '../src/engine/sealed.ts';

const USAGE = 'Usage: npm run workshop -- seal [--skip-verify]   (for a course with SOLUTION_POLICY=never)';

function currentCommit(): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim() || null;
  } catch {
    return null;
  }
}

/** Removes solution/ and variants/right-* of one exercise and writes its seal; returns what it removed. */
export function sealExercise(dir: string, commit: string | null, now = new Date()): string[] {
  const removed: string[] = [];
  const variants = path.join(dir, 'variants');
  const right = existsSync(variants) ? readdirSync(variants).filter((name) => name.startsWith('right-')) : [];
  const seal: Sealed = { sealedAt: now.toISOString(), commit, rightVariants: right.length };
  writeFileSync(path.join(dir, SEALED_FILE), `${JSON.stringify(seal, null, 2)}\n`);
  if (existsSync(path.join(dir, 'solution'))) {
    rmSync(path.join(dir, 'solution'), { recursive: true, force: true });
    removed.push('solution/');
  }
  for (const name of right) {
    rmSync(path.join(variants, name), { recursive: true, force: true });
    removed.push(`variants/${name}/`);
  }
  return removed;
}

async function main(args: string[]): Promise<number> {
  if (args[0] !== 'seal') {
    console.error(USAGE);
    return 2;
  }
  const policy = withCourseFile(process.env)['SOLUTION_POLICY'];
  if (policy !== 'never') {
    console.error(`Sealing removes the solutions from this fork, which only fits a course with SOLUTION_POLICY=never (it is ${policy ?? 'unset, so after-attempt'}). Set it in course.config.json first.`);
    return 2;
  }
  if (!args.includes('--skip-verify')) {
    console.log('Checking every exercise one last time (npm run verify)…');
    const verify = spawnSync(process.execPath, ['src/cli/verify.ts'], { stdio: 'inherit', env: process.env });
    if (verify.status !== 0) {
      console.error('npm run verify did not pass, so nothing was sealed. Fix the exercises first.');
      return 1;
    }
  }
  const commit = currentCommit();
  const root = exercisesRoot();
  for (const id of await listExerciseIds()) {
    const removed = sealExercise(path.join(root, id), commit);
    console.log(`${id}: sealed${removed.length ? ` (removed ${removed.join(', ')})` : ''}`);
  }
  console.log(
    '\nCommit this on the branch attendees clone, and keep the unsealed branch for yourself:\n' +
      '  git add -A exercises && git commit -m "Seal the solutions for the workshop"',
  );
  return 0;
}

if (import.meta.main) process.exitCode = await main(process.argv.slice(2));
