/**
 * Which hints a learner may see. By the course's hint rules (content/lessons/README.md,
 * exercises/_harness/README.md) the last of an exercise's three hints is a
 * near-solution sketch; a course that gives no solutions (SOLUTION_POLICY=never)
 * withholds it too, in the page and in the CLI alike.
 */
import type { SolutionPolicy } from '../runtime/bundle.ts';

export function hintsFor(hints: readonly string[], policy: SolutionPolicy): string[] {
  return policy === 'never' && hints.length > 1 ? hints.slice(0, -1) : [...hints];
}
