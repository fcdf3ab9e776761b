// Which programs the learner's app can find, and which it starts. For checks of
// the dependencies factor: an app must not rely on tools the machine happens to
// have (curl, openssl, a shell), so a check starts it with a PATH that holds
// nothing but `node`, and records every program it launches.
//
//   const launches = recordLaunches();
//   const app = await startApp(t, {
//     command: ['node', ...launches.nodeArgs, 'server.js'],
//     env: { PATH: nodeOnlyPath(), PORT: String(port), ...launches.env },
//     label: 'node server.js',
//   });
//   …
//   const foreign = launches.list().filter((l) => !isNodeItself(l));
import { mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HarnessError } from './failures.mjs';

const observerUrl = pathToFileURL(fileURLToPath(new URL('./spawn-observer.mjs', import.meta.url))).href;
const isWindows = process.platform === 'win32';

let folder = '';
/** A scratch folder of this test process, removed when it exits. */
function scratch() {
  if (!folder) {
    folder = mkdtempSync(path.join(process.env.TFC_SCRATCH_DIR || tmpdir(), 'tfc-programs-'));
    process.once('exit', () => rmSync(folder, { recursive: true, force: true }));
  }
  return folder;
}

let nodeOnly = '';
/**
 * A folder that holds nothing but `node` (a link to the Node binary running the
 * tests), to pass as the app's PATH: the app finds Node and no other program.
 * Throws HarnessError where links cannot be made (the check then reports `error`).
 */
export function nodeOnlyPath() {
  if (nodeOnly) return nodeOnly;
  try {
    const dir = mkdtempSync(path.join(scratch(), 'node-only-'));
    symlinkSync(process.execPath, path.join(dir, isWindows ? 'node.exe' : 'node'));
    nodeOnly = dir;
  } catch (err) {
    throw new HarnessError(`Could not make a folder with only node in it for PATH: ${/** @type {Error} */ (err).message}`);
  }
  return nodeOnly;
}

/**
 * @typedef {object} Launch
 * @property {string} file     the program, as the app named it (or the shell that runs a command)
 * @property {string[]} args   its arguments (for a shell: ['-c', 'the command'])
 * @property {boolean} [shell] true when a shell runs the command (exec, execSync, shell: true)
 * @property {string} how      'async' (spawn, exec, execFile, fork) or 'spawnSync' | 'execSync' | 'execFileSync'
 * @property {number} pid      the app process that launched it
 */

/**
 * Prepares a record of the programs an app launches. Pass `nodeArgs` before the
 * script in a `node` command and `env` in its environment; read `list()` afterwards.
 * Launches from the preloaded process are seen. A Node child it starts is a launch;
 * the child's own launches are seen only if it inherits the preload (fork() passes
 * execArgv and the environment on).
 */
export function recordLaunches() {
  const log = path.join(scratch(), `launches-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}.jsonl`);
  return {
    nodeArgs: [`--import=${observerUrl}`],
    env: { TFC_SPAWN_LOG: log },
    /** Whether the observer ran inside the app (false: it exited before, or could not load it). */
    loaded() {
      return readLines(log).some((e) => e.event === 'loaded');
    },
    /** @returns {Launch[]} */
    list() {
      return /** @type {Launch[]} */ (readLines(log).filter((e) => e.event !== 'loaded'));
    },
  };
}

/** @param {string} file @returns {Record<string, any>[]} */
function readLines(file) {
  let text;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  /** @type {Record<string, any>[]} */
  const lines = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    try {
      lines.push(JSON.parse(line));
    } catch {
      // A line cut short by a crash: ignore.
    }
  }
  return lines;
}

/**
 * True when a launch runs the Node binary itself, directly (no shell): `node`
 * found on a PATH like nodeOnlyPath(), or process.execPath. Any other program, a
 * different `node` (e.g. /usr/bin/node) or a shell is something the system provides.
 * @param {Launch} launch
 */
export function isNodeItself(launch) {
  if (launch.shell) return false;
  if (launch.file === 'node' || launch.file === 'node.exe') return true;
  try {
    return realpathSync(launch.file) === realpathSync(process.execPath);
  } catch {
    return false;
  }
}

/**
 * A launch as a command line a learner recognises, e.g. `curl -s https://…` or
 * `/bin/sh -c "openssl rand -hex 3"`, cut to `max` characters.
 * @param {Launch} launch
 */
export function describeLaunch(launch, max = 160) {
  const quote = (/** @type {string} */ a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : JSON.stringify(a));
  const text = [launch.file, ...launch.args].map(quote).join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
