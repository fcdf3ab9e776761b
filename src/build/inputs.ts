/**
 * What a site build is made from, as two hashes: the input files and the
 * build-stage variables. The build records them in its stamp (see
 * src/integrations/build-stamp.ts) and `npm start` compares them to decide
 * whether to rebuild. Node built-ins only: `npm start` runs this before
 * dependencies are installed.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { variables } from '../config/variables.ts';

/** What the site build reads. src/server/ is not bundled into the site, so editing it does not force a build. */
const BUILD_INPUTS = ['src', 'content', 'exercises', 'public', 'astro.config.mjs', 'course.config.json', 'package.json', 'package-lock.json', 'tsconfig.json'];
const NOT_INPUTS = new Set(['node_modules', '.astro', 'dist', '.git', join('src', 'server')]);

/** Every input file below `root`, sorted. */
export function inputFiles(root: string): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    const rel = relative(root, path);
    if (NOT_INPUTS.has(rel) || NOT_INPUTS.has(rel.split(sep).pop() ?? '')) return;
    const stats = statSync(path);
    if (stats.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
    else if (stats.isFile()) files.push(path);
  };
  for (const input of BUILD_INPUTS) if (existsSync(join(root, input))) walk(join(root, input));
  return files.sort();
}

/** sha256 over the input files' paths and contents. */
export function inputsHash(root: string): string {
  const hash = createHash('sha256');
  for (const file of inputFiles(root)) {
    hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** sha256 over the build-stage variables: dist/ gets copied around, so values (a licence key) stay out of it. */
export function buildEnvHash(env: Record<string, string | undefined>): string {
  const names = Object.entries(variables)
    .filter(([, v]) => v.stage === 'build')
    .map(([name]) => name)
    .sort();
  return createHash('sha256')
    .update(JSON.stringify(names.map((name) => [name, env[name]?.trim() || null])))
    .digest('hex');
}
