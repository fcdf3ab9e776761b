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
 * Stopping: SIGTERM or SIGINT stops whichever step is running (a build is told
 * to stop, the server shuts down gracefully) and exits 0. So does npm going
 * away: npm forwards its SIGTERM only to its direct child, which is the shell
 * running the "start" script, so the server also watches its parents
 * (src/server/parent-watch.ts) and shuts down when they are gone.
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
import { watchParents } from '../src/server/parent-watch.ts';
import { npm, runCommand } from './lib/run-command.ts';
import type { RunningServer } from '../src/server/main.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
process.chdir(root);

function say(message: string): void {
  process.stderr.write(`${message}\n`);
}

/** Aborted (with the reason) when `npm start` is asked to stop before the server runs. */
const stopping = new AbortController();
const requestStop = (reason: string) => {
  if (!stopping.signal.aborted) stopping.abort(reason);
};
process.on('SIGTERM', requestStop);
process.on('SIGINT', requestStop);
let running: RunningServer | null = null;
const watch = watchParents((reason) => (running ? running.stop(reason) : requestStop(reason)));

/** Stop requested before the server started: whatever was running has ended; nothing more to do. */
function exitIfStopping(): void {
  if (!stopping.signal.aborted) return;
  say(`Stopped before the course server started (${String(stopping.signal.reason)}).`);
  process.exit(0);
}

async function ensureBuild(): Promise<void> {
  // Loaded here: they need the dependencies, installed by now.
  const { parseConfig } = await import('../src/config/parse.ts');
  const { applyCourseFile } = await import('../src/config/course-file.ts');
  applyCourseFile(process.env); // the fork's course.config.json, under the environment; the build and the server read the same
  const stamp = readBuildInfo('dist');
  let why: string | null = null;
  if (!existsSync(join('dist', 'index.html'))) why = 'there is no build yet';
  else if (!stamp) why = 'dist/ has no build stamp';
  else if (stamp.inputs !== inputsHash(root)) why = 'the sources changed since the last build';
  else if (stamp.env !== buildEnvHash(process.env)) why = 'build settings in the environment changed since the last build';

  parseConfig('build', process.env); // a bad build variable stops here, named
  if (!why) return;
  say(`Building the site (${why})…`);
  const code = await runCommand(npm, ['run', 'build'], process.env, { signal: stopping.signal });
  exitIfStopping();
  if (code !== 0) {
    say(`The site build failed (exit code ${code}); the course server was not started.`);
    process.exit(code);
  }
}

async function run(): Promise<void> {
  // The same local convenience astro.config.mjs offers: .env fills in what the real environment does not set.
  if (existsSync('.env')) process.loadEnvFile('.env');
  assertNodeVersion();
  await ensureInstalled(stopping.signal);
  exitIfStopping();
  try {
    await ensureBuild();
  } catch (error) {
    if (error instanceof Error && error.name === 'ConfigError') {
      say(error.message);
      process.exit(1);
    }
    throw error;
  }
  exitIfStopping();
  const { main } = await import('../src/server/main.ts');
  running = await main();
  // From here the server's own handlers take SIGTERM and SIGINT.
  process.off('SIGTERM', requestStop);
  process.off('SIGINT', requestStop);
  if (!running) watch?.stop();
  else if (stopping.signal.aborted) running.stop(String(stopping.signal.reason));
}

await run();
