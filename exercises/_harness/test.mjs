// `test()` for hidden tests: node:test's test() plus what every check needs.
// - a time limit that ends the check with a plain explanation (and the output so far);
// - every app started in the check is killed when it ends, pass or fail;
// - the captured output of those apps is attached to the failure for the learner;
// - an unexpected exception (a bug in the check) is reported as `error`, not as the learner's fault.
// And `concurrently()`: the checks declared inside it run at the same time (opt-in, per group).
import { writeSync } from 'node:fs';
import { after, describe, test as nodeTest } from 'node:test';
import { testTimeoutMs } from './env.mjs';
import { HarnessError, LearnerFacingError } from './failures.mjs';
import { appsOf, killAllApps, stopApps } from './process.mjs';
import { GROUP_PREFIX, line } from './reporter.mjs';

/**
 * Tells run.mjs about a check synchronously. The reporter's own events are
 * written asynchronously, so a check that blocks the event loop (an endless
 * loop) would otherwise leave run.mjs not knowing which check got stuck.
 * @param {Record<string, unknown>} event
 */
function announce(event) {
  try {
    writeSync(1, line(event));
  } catch {
    // stdout closed: nothing to tell
  }
}

// Apps shared by several checks (startApp(null, …)) die when the file's checks are done.
after(() => killAllApps());

// If whoever reads our results (run.mjs) is gone, nobody will see them: stop everything now.
// (Without a listener, node:test dies of the EPIPE with exit code 7 and skips 'exit' handlers.)
process.stdout.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
  if (err.code !== 'EPIPE') throw err;
  killAllApps();
  process.exit(1);
});

/**
 * @typedef {object} CheckOptions
 * @property {number} [timeoutMs]  time limit for this check (default TFC_TEST_TIMEOUT_MS, 10 s)
 * @property {boolean} [skip]
 */

/**
 * Declares one hidden check.
 * @param {string} name  learner-facing: say what the factor expects ("answers on the port given in PORT")
 * @param {CheckOptions | ((t: import('node:test').TestContext) => Promise<void> | void)} optionsOrFn
 * @param {(t: import('node:test').TestContext) => Promise<void> | void} [maybeFn]
 */
export function test(name, optionsOrFn, maybeFn) {
  const options = typeof optionsOrFn === 'function' ? {} : optionsOrFn;
  const fn = typeof optionsOrFn === 'function' ? optionsOrFn : maybeFn;
  if (!fn) throw new Error(`test(${JSON.stringify(name)}) needs a function`);
  const limit = options.timeoutMs ?? testTimeoutMs();
  announce({ kind: 'declared', name, ...(currentGroup ? { group: currentGroup } : {}) });
  // node:test's own timeout is the backstop in case our race cannot run (it should always win).
  return nodeTest(name, { timeout: limit + 5000, ...(options.skip ? { skip: true } : {}) }, async (t) => {
    announce({ kind: 'running', name, timeoutMs: limit });
    let timer;
    const timedOut = new Promise((_, reject) => {
      timer = setTimeout(() => {
        reject(
          new HarnessError(
            `This check did not finish within ${limit / 1000} s, so it was stopped. ` +
              'Usually this means your app never answered a request or is stuck in a loop; its output is shown below.',
          ),
        );
      }, limit);
    });
    try {
      await Promise.race([Promise.resolve().then(() => fn(t)), timedOut]);
    } catch (err) {
      throw explain(err, collectOutput(t));
    } finally {
      clearTimeout(timer);
      await stopApps(t);
      announce({ kind: 'done', name });
    }
  });
}

/** The group whose checks are being declared right now (see concurrently()). */
let currentGroup = '';
let groups = 0;

/**
 * Runs the checks declared inside `declare` at the same time instead of one after
 * the other. Checks outside any group still run one at a time, in order, before and
 * after the group; results keep their own flat names and their order of declaration.
 *
 *   concurrently(() => {
 *     test('stops without PORT', async (t) => { … });
 *     test('stops with PORT=eighty', async (t) => { … });
 *   });
 *
 * Each check keeps its time limit, its own apps (killed when it ends) and its own
 * output. Only group checks that cannot affect each other: not ones that send
 * signals, share a stub, or whose verdict could change while another check's app
 * runs (for instance because both might bind the same fixed port).
 * @param {{ limit?: number } | (() => void)} optionsOrDeclare  limit: at most this many checks at once (default: all)
 * @param {() => void} [maybeDeclare]  declares the checks with test(), synchronously
 */
export function concurrently(optionsOrDeclare, maybeDeclare) {
  const options = typeof optionsOrDeclare === 'function' ? {} : (optionsOrDeclare ?? {});
  const declare = typeof optionsOrDeclare === 'function' ? optionsOrDeclare : maybeDeclare;
  if (typeof declare !== 'function') throw new Error('concurrently() needs a function that declares the checks');
  if (currentGroup) throw new Error('concurrently() groups cannot be nested');
  const limit = options.limit;
  if (limit !== undefined && !(Number.isInteger(limit) && limit > 0)) throw new Error('concurrently({ limit }) needs a whole number > 0');
  const name = `${GROUP_PREFIX}${++groups}`;
  // node:test runs the children of a suite with `concurrency` at the same time; top-level tests never.
  return describe(name, { concurrency: limit ?? true }, () => {
    currentGroup = name;
    try {
      const declared = /** @type {unknown} */ (declare());
      if (declared && typeof (/** @type {any} */ (declared).then) === 'function') {
        throw new Error('concurrently() needs a synchronous function: declare the checks with test(), without await');
      }
    } finally {
      currentGroup = '';
    }
  });
}

/** Output of the check's apps, labelled per process. @param {object} t */
function collectOutput(t) {
  const apps = appsOf(t);
  return apps
    .map((app) => {
      const status = app.exitStatus ? (app.exitStatus.signal ? `stopped by ${app.exitStatus.signal}` : `exit code ${app.exitStatus.code}`) : 'still running';
      const env = Object.entries(app.env)
        .filter(([k]) => !k.startsWith('TFC_') && k !== 'PATH' && k !== 'SystemRoot')
        .map(([k, v]) => `${k}=${v}`)
        .join(' ');
      const body = app.output().trimEnd() || '(no output)';
      return apps.length > 1 || env ? `── ${env ? `${env} ` : ''}${app.label} (${status}) ──\n${body}` : body;
    })
    .join('\n\n');
}

/**
 * Makes sure whatever a check threw is learner-facing, with the output attached.
 * @param {unknown} err
 * @param {string} output
 */
function explain(err, output) {
  if (err instanceof LearnerFacingError) {
    if (!err.output && output) err.output = output;
    return err;
  }
  const e = /** @type {any} */ (err);
  if (e?.name === 'AssertionError') {
    // A plain assert in a hidden test: still say what was observed (the reporter formats it too).
    if (output && !e.output) e.output = output;
    return e;
  }
  const wrapped = new HarnessError(
    `The check itself broke (${e?.name ?? 'Error'}: ${e?.message ?? String(err)}). ` +
      'This is most likely a problem in the course, not in your code; please report it.',
    { output: [output, e?.stack].filter(Boolean).join('\n\n') },
  );
  return wrapped;
}
