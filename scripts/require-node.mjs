// Runs before every npm entry point (see package.json "scripts"), in plain
// JavaScript so that it works on any Node: the entry points themselves are
// TypeScript run by Node's type stripping, which an old Node cannot even load.
// The requirement comes from "engines" in package.json, the one place it is written.
import { readFileSync } from 'node:fs';

/** Does `version` (e.g. "v24.21.0") satisfy a range like "^22.22.3 || >=24.16.0"? */
export function satisfies(version, range) {
  const parse = (v) => v.replace(/^v/, '').split('.').map((n) => Number.parseInt(n, 10) || 0);
  const compare = (a, b) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  const have = parse(version);
  return range.split('||').some((part) => {
    const spec = part.trim();
    if (spec.startsWith('>=')) return compare(have, parse(spec.slice(2))) >= 0;
    if (spec.startsWith('^')) {
      const want = parse(spec.slice(1));
      return have[0] === want[0] && compare(have, want) >= 0;
    }
    return compare(have, parse(spec)) === 0;
  });
}

/** The Node requirement, as "engines" states it. */
export function nodeRange(packageJsonText = readFileSync(new URL('../package.json', import.meta.url), 'utf8')) {
  return JSON.parse(packageJsonText).engines.node;
}

/** The one line an entry point prints when this Node is too old, or null. */
export function nodeProblem(version = process.version, range = nodeRange()) {
  if (satisfies(version, range)) return null;
  const wanted = range
    .split('||')
    .map((part) => part.trim())
    .map((spec) => (spec.startsWith('>=') ? `${spec.slice(2)} or newer` : spec.startsWith('^') ? `${spec.slice(1)} or a later ${spec.slice(1).split('.')[0]}.x` : spec))
    .join(', or ');
  return `This course needs Node.js ${wanted} (24 recommended, see .nvmrc); found ${version}. Get it with \`nvm install\` in this folder, or from https://nodejs.org/.`;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problem = nodeProblem();
  if (problem) {
    console.error(problem);
    process.exit(1);
  }
}
