// Preloaded into the learner's app with `node --import` (see programs.mjs) so the
// tests can tell which programs the app starts: `curl`, `openssl`, a shell ...
// It only observes: every call goes on to Node's own function with the same
// arguments, and a failure to write the log never breaks the app.
//
// Async launches (spawn, exec, execFile, fork) all go through
// ChildProcess.prototype.spawn, which sees the program after Node has worked out
// the shell (`exec` and `shell: true` run /bin/sh -c …). The synchronous ones do
// not, so their exported functions are wrapped, and syncBuiltinESMExports() makes
// `import { execSync } from 'node:child_process'` see the wrappers too.
import childProcess from 'node:child_process';
import { appendFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';

const logFile = process.env.TFC_SPAWN_LOG;

/** @param {Record<string, unknown>} launch */
function record(launch) {
  if (!logFile) return;
  try {
    appendFileSync(logFile, `${JSON.stringify({ pid: process.pid, t: Date.now(), ...launch })}\n`);
  } catch {
    // Observation must never break the learner's app.
  }
}

/** The shell Node uses for `shell: true` / `shell: '<path>'`. */
function shellOf(/** @type {unknown} */ shell) {
  if (typeof shell === 'string') return shell;
  return process.platform === 'win32' ? process.env.ComSpec || 'cmd.exe' : '/bin/sh';
}

/** @param {unknown[]} list */
const strings = (list) => (Array.isArray(list) ? list.map(String) : []);

/**
 * What a synchronous call will run, worked out from its arguments the way Node does.
 * @param {'spawnSync' | 'execSync' | 'execFileSync'} name
 * @param {unknown[]} args
 */
function describeSync(name, args) {
  const [first, second, third] = args;
  if (name === 'execSync') {
    const options = /** @type {any} */ (second ?? {});
    return { how: name, file: shellOf(options.shell), args: ['-c', String(first)], shell: true };
  }
  const list = Array.isArray(second) ? strings(second) : [];
  const options = /** @type {any} */ ((Array.isArray(second) ? third : second) ?? {});
  if (options && options.shell) {
    return { how: name, file: shellOf(options.shell), args: ['-c', [String(first), ...list].join(' ')], shell: true };
  }
  return { how: name, file: String(first), args: list };
}

if (logFile) {
  record({ event: 'loaded' });
  const proto = childProcess.ChildProcess.prototype;
  const originalSpawn = proto.spawn;
  proto.spawn = function spawn(/** @type {any} */ options) {
    const file = String(options?.file ?? '');
    const args = strings(options?.args ?? []).slice(1);
    record({ how: 'async', file, args, shell: Boolean(options?.shell) || (args[0] === '-c' && /(^|[/\\])(sh|bash|dash|zsh)$/.test(file)) });
    return originalSpawn.call(this, options);
  };
  for (const name of /** @type {const} */ (['spawnSync', 'execSync', 'execFileSync'])) {
    const original = childProcess[name];
    const wrapped = {
      /** @param {unknown[]} args */
      [name](...args) {
        record(describeSync(name, args));
        return /** @type {Function} */ (original).apply(this, args);
      },
    }[name];
    /** @type {any} */ (childProcess)[name] = wrapped;
  }
  syncBuiltinESMExports();
}
