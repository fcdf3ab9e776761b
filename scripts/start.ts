/**
 * `npm start`: gets a clean clone (or an updated one) to a running course.
 *
 *   1. installs dependencies when node_modules is missing or older than package-lock.json;
 *   2. builds the site when dist/ is missing or was built from other inputs
 *      (src/, content/, exercises/, public/, astro.config.mjs, package files)
 *      or other build-stage variables — every build records both in a stamp
 *      in dist/ (src/integrations/build-stamp.ts);
 *   3. starts the course server in this process (src/server/main.ts).
 *
 * Until step 1 is done only Node built-ins may be imported.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBuildInfo } from '../src/server/build-info.ts';
import { buildEnvHash, inputsHash } from '../src/build/inputs.ts';
import { ensureInstalled } from './lib/ensure-install.ts';
import { assertNodeVersion } from './lib/node-version.ts';
import { npm, runCommand } from './lib/run-command.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

async function ensureBuild(): Promise<void> {
  const stamp = readBuildInfo('dist');
  let why: string | null = null;
  if (!existsSync(join('dist', 'index.html'))) why = 'there is no build yet';
  else if (!stamp) why = 'dist/ has no build stamp';
  else if (stamp.inputs !== inputsHash(root)) why = 'the sources changed since the last build';
  else if (stamp.env !== buildEnvHash(process.env)) why = 'build settings in the environment changed since the last build';

  const { parseConfig } = await import('../src/config/parse.ts');
  parseConfig('build', process.env); // a bad build variable stops here, named
  if (!why) return;
  say(`Building the site (${why})…`);
  const code = await runCommand(npm, ['run', 'build']);
  if (code !== 0) {
    say(`The site build failed (exit code ${code}); the course server was not started.`);
    process.exit(code);
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
