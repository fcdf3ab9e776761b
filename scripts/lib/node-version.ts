/**
 * The project runs its TypeScript tools directly with Node (type stripping,
 * on by default from Node 22.18), Astro 7 needs 22.12, and the lint tooling
 * declares ^22.22.3 || >=24.16: `engines` in package.json says so, and
 * scripts/require-node.mjs (run before every npm entry point) reads it there.
 */
import { nodeProblem, nodeRange, satisfies } from '../require-node.mjs';

export function nodeIsSupported(version: string): boolean {
  return satisfies(version, nodeRange());
}

export function assertNodeVersion(): void {
  const problem = nodeProblem();
  if (!problem) return;
  console.error(problem);
  process.exit(1);
}
