/**
 * `npm start`: gets a clean clone (or an updated one) to a running course.
 *
 *   1. installs dependencies when node_modules is missing or older than package-lock.json;
 *   2. builds the site when dist/ is missing or was built from other inputs
 *      (src/, content/, exercises/, public/, astro.config.mjs, package files)
 *      or other build-stage variables — a stamp in dist/ records both;
 *   3. starts the course server in this process (src/server/main.ts).
 *
 * Until step 1 is done only Node built-ins may be imported.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBuildInfo, writeBuildInfo } from '../src/server/build-info.ts';
import { variables } from '../src/config/variables.ts';
import { ensureInstalled } from './lib/ensure-install.ts';
import { assertNodeVersion } from './lib/node-version.ts';
import { npm, runCommand } from './lib/run-command.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

/** What the site build reads. src/server/ is not bundled into the site, so editing it does not force a build. */
const BUILD_INPUTS = ['src', 'content', 'exercises', 'public', 'astro.config.mjs', 'package.json', 'package-lock.json', 'tsconfig.json'];
const NOT_INPUTS = new Set(['node_modules', '.astro', 'dist', '.git', join('src', 'server')]);

function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

function mtime(path: string): number {
  return statSync(path).mtimeMs;
}

/** Every input file (relative to the project root), sorted. */
function inputFiles(): string[] {
  const files: string[] = [];
  const walk = (path: string) => {
    if (NOT_INPUTS.has(path) || NOT_INPUTS.has(path.split(sep).pop() ?? '')) return;
    const stats = statSync(path);
    if (stats.isDirectory()) for (const name of readdirSync(path).sort()) walk(join(path, name));
    else if (stats.isFile()) files.push(path);
  };
  for (const input of BUILD_INPUTS) if (existsSync(input)) walk(input);
  return files.sort();
}

function inputsHash(files: string[]): string {
  const hash = createHash('sha256');
  for (const file of files) {
    hash.update(relative(root, file).split(sep).join('/')).update('\0').update(readFileSync(file)).update('\0');
  }
  return hash.digest('hex');
}

/** The build-stage variables as the build sees them (after .env), hashed: dist/ gets copied around, keep values (a licence key) out of it. */
function envHash(): string {
  const names = Object.entries(variables)
    .filter(([, v]) => v.stage === 'build')
    .map(([name]) => name)
    .sort();
  return createHash('sha256')
    .update(JSON.stringify(names.map((name) => [name, process.env[name]?.trim() || null])))
    .digest('hex');
}

async function ensureBuild(): Promise<void> {
  const files = inputFiles();
  const inputs = inputsHash(files);
  const env = envHash();
  const stamp = readBuildInfo('dist');
  const index = join('dist', 'index.html');

  let why: string | null = null;
  if (!existsSync(index)) why = 'there is no build yet';
  else if (stamp) {
    if (stamp.inputs !== inputs) why = 'the sources changed since the last build';
    else if (stamp.env !== env) why = 'build settings in the environment changed since the last build';
  } else {
    // Built by hand (`npm run build`): trust it when it is newer than every input.
    const newest = Math.max(...files.map(mtime));
    if (newest > mtime(index)) why = `the sources changed since dist/ was built`;
  }

  const { parseConfig } = await import('../src/config/parse.ts');
  const build = parseConfig('build', process.env); // a bad build variable stops here, named
  if (why) {
    say(`Building the site (${why})…`);
    const code = await runCommand(npm, ['run', 'build']);
    if (code !== 0) {
      say(`The site build failed (exit code ${code}); the course server was not started.`);
      process.exit(code);
    }
  }
  if (why || !stamp) {
    writeBuildInfo('dist', {
      version: 1,
      builtAt: new Date().toISOString(),
      // Hashed again after a build, in case the build itself touched an input.
      inputs: why ? inputsHash(inputFiles()) : inputs,
      env,
      basePath: build.BASE_PATH,
      coep: build.WEBCONTAINER_COEP,
    });
  }
}

async function run(): Promise<void> {
  // The same local convenience astro.config.mjs offers: .env fills in what the real environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  assertNodeVersion();
  await ensureInstalled();
  try {
    await ensureBuild();
  } catch (error) {
    if (error instanceof Error && error.name === 'ConfigError') {
      say(error.message);
      process.exit(1);
    }
    throw error;
  }
  const { main } = await import('../src/server/main.ts');
  await main();
}

await run();
