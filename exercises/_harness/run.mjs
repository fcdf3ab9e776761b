#!/usr/bin/env node
// The one entry every runtime runs (CLI, course server, WebContainer):
//
//   cd <root> && node hidden/_harness/run.mjs
//
// Environment:
//   TFC_LEARNER_DIR       the learner's files (required)
//   TFC_RESULTS_FILE      where results.json goes (default <cwd>/results.json; none when started with a key)
//   TFC_TESTS_DIR         hidden tests (default: ../tests next to this folder)
//   TFC_TIMEOUT_MS        whole run (default 20000)
//   TFC_TEST_TIMEOUT_MS   one check (default 10000)
//   TFC_MAX_OUTPUT_BYTES  output accepted from a test process (default 1 MiB)
//   TFC_RUN_ID            marker inherited by every process of the run (made up when absent)
//   TFC_COLOR=1           ANSI colours in the progress log
//   TFC_SWEEP_CWD=1       also kill leftovers running inside the learner folder (temp folders only)
//
// It checks the learner's JavaScript for syntax errors, then runs each
// hidden/tests/*.test.mjs directly (`node --test-reporter=… file`, no `--test`
// child per file), one after the other, each in its own process group. Within a
// file, checks run one at a time, except those a test groups with concurrently()
// (test.mjs), which run at the same time. It prints
// a readable progress log, writes results.json (Exercism test-runner v3 shape)
// and exits 0 (pass), 1 (fail) or 2 (error). Started with a key on stdin (see
// channel.mjs), it also prints the results as its last line, signed: that line,
// not results.json (which learner code could overwrite), is what the course trusts.
// Test processes get their own keys; a result line that fails its check turns the
// whole run into an error. Whatever happens (an endless loop,
// a crash, a flood of output) it ends within the time limit and kills what it started.
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { KEY_FLAG, RESULTS_PREFIX, createVerifier, newKey, ownKey, sign } from './channel.mjs';
import { numberSetting } from './env.mjs';
import { relativePaths, truncateMiddle } from './output.mjs';
import { LINE_PREFIX } from './reporter.mjs';
import { descendantsOf, sweepMarkedProcesses } from './sweep.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const isWindows = process.platform === 'win32';

const learnerDir = process.env.TFC_LEARNER_DIR ? path.resolve(process.env.TFC_LEARNER_DIR) : '';
// With a key, the signed line on stdout is the result: a file only when asked for.
const resultsFile = process.env.TFC_RESULTS_FILE || !ownKey ? path.resolve(process.env.TFC_RESULTS_FILE || 'results.json') : '';
const testsDir = path.resolve(process.env.TFC_TESTS_DIR ?? path.join(here, '..', 'tests'));
const runTimeoutMs = numberSetting('TFC_TIMEOUT_MS', 20_000);
const testTimeoutMs = numberSetting('TFC_TEST_TIMEOUT_MS', 10_000);
const maxOutputBytes = numberSetting('TFC_MAX_OUTPUT_BYTES', 1024 * 1024);
const runId = process.env.TFC_RUN_ID || randomUUID();
const color = process.env.TFC_COLOR === '1';
/**
 * TFC_SWEEP_CWD=1 (set by the runner, whose learner folder is a throw-away temp
 * folder): also kill leftovers whose working directory is inside the learner's
 * folder. Opt-in, because pointed at a real project it could hit your editor or shell.
 */
const sweepOptions = process.env.TFC_SWEEP_CWD === '1' ? { cwdInside: learnerDir } : {};
/** Silence after which a test process is considered stuck (the check's own timer fires first). */
const stuckAfterMs = testTimeoutMs + 3000;
/** How long after its check's time limit a silent test process counts as stuck. */
const STUCK_MARGIN_MS = 3000;

/** A result line whose signature does not hold (see channel.mjs). */
const FORGED_MESSAGE =
  'Something other than the hidden checks wrote a result line into their output, so none of this run\'s results can be trusted. ' +
  'Your code must not write to the test process\'s output or files; run the checks again without that.';

/** Scratch space for the test processes (listen logs), removed at the end even if they were killed. */
const scratchDir = mkdtempSync(path.join(tmpdir(), 'tfc-scratch-'));

const startedAt = Date.now();
const deadline = startedAt + runTimeoutMs;

/** @typedef {{ name: string, status: 'pass' | 'fail' | 'error', message: string | null, output: string | null }} TestResult */

/** @type {TestResult[]} */
const tests = [];
/** A problem with the whole run (status `error`), in plain words. */
let runError = '';
/** @type {import('node:child_process').ChildProcess | null} */
let current = null;

const paint = (/** @type {string} */ code, /** @type {string} */ text) => (color ? `\u001b[${code}m${text}\u001b[0m` : text);
const say = (/** @type {string} */ text = '') => process.stdout.write(`${text}\n`);
const indent = (/** @type {string} */ text, /** @type {string} */ pad = '    ') =>
  text
    .split('\n')
    .map((l) => pad + l)
    .join('\n');

// A reader that went away (`… | head`) must not stop the run before it writes results and cleans up.
process.stdout.on('error', (/** @type {NodeJS.ErrnoException} */ err) => {
  if (err.code !== 'EPIPE') throw err;
});

for (const signal of /** @type {NodeJS.Signals[]} */ (['SIGTERM', 'SIGINT', 'SIGHUP'])) {
  try {
    process.once(signal, () => {
      killTree(current, 'SIGKILL');
      sweepMarkedProcesses(runId, sweepOptions);
      rmSync(scratchDir, { recursive: true, force: true });
      process.exit(2);
    });
  } catch {
    // runtime without this signal
  }
}

await main();

async function main() {
  say(paint('1', 'Running the hidden checks on your code…'));
  if (!learnerDir || !existsSync(learnerDir)) {
    return finish(`The folder with your files was not found (${learnerDir || 'TFC_LEARNER_DIR is not set'}).`);
  }
  const files = existsSync(testsDir)
    ? readdirSync(testsDir)
        .filter((f) => f.endsWith('.test.mjs'))
        .sort()
    : [];
  if (!files.length) return finish(`No hidden tests were found in ${testsDir}. This is a problem in the course, not in your code.`);

  const syntax = await checkSyntax();
  if (syntax) {
    return finish(`Your code has a syntax error, so it cannot run:\n\n${syntax}`);
  }

  for (const file of files) {
    if (Date.now() >= deadline) {
      runError ||= timeLimitMessage();
      break;
    }
    await runFile(path.join(testsDir, file));
    sweepMarkedProcesses(runId, sweepOptions);
  }
  return finish(runError);
}

/** Seconds, for messages. @param {number} ms */
function seconds(ms) {
  return `${Math.round(ms / 100) / 10} s`;
}

function timeLimitMessage() {
  return `The checks took longer than the time limit of ${seconds(runTimeoutMs)} for the whole run and were stopped. Look for something in your code that makes it very slow or never finish.`;
}

/** Learner JavaScript files, to check their syntax before any test starts them. */
function learnerScripts() {
  /** @type {string[]} */
  const found = [];
  /** @param {string} dir */
  const visit = (dir) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) visit(full);
      else if (/\.[cm]?js$/.test(entry.name) && statSync(full).size < 1024 * 1024) found.push(full);
    }
  };
  visit(learnerDir);
  return found.slice(0, 50);
}

/**
 * `node --check` on every learner script (in parallel). Returns the first syntax error, made readable, or ''.
 * @returns {Promise<string>}
 */
async function checkSyntax() {
  const reports = await Promise.all(
    learnerScripts().map(
      (file) =>
        new Promise((resolve) => {
          const child = spawn(process.execPath, ['--check', file], { cwd: learnerDir, stdio: ['ignore', 'ignore', 'pipe'], env: childEnv() });
          let stderr = '';
          child.stderr?.setEncoding('utf8');
          child.stderr?.on('data', (c) => (stderr = (stderr + c).slice(0, 20_000)));
          const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
          child.once('error', () => resolve(''));
          child.once('exit', (code) => {
            clearTimeout(timer);
            resolve(code === 0 ? '' : tidySyntaxError(relativePaths(stderr, learnerDir)));
          });
        }),
    ),
  );
  return /** @type {string[]} */ (reports).find(Boolean) ?? '';
}

/** Keeps Node's code frame and the error line; drops the internal stack and version line. @param {string} text */
function tidySyntaxError(text) {
  const lines = text.split('\n').filter((l) => !/^\s+at /.test(l) && !/^Node\.js v/.test(l));
  return lines.join('\n').replace(/\n{3,}/g, '\n\n').trim();
}

function childEnv() {
  return { ...process.env, TFC_RUN_ID: runId, TFC_LEARNER_DIR: learnerDir, TFC_TEST_TIMEOUT_MS: String(testTimeoutMs), TFC_SCRATCH_DIR: scratchDir };
}

/**
 * Kills a test process and its group: SIGTERM first when asked (the harness then
 * kills the apps it started), SIGKILL otherwise (with all its descendants).
 * @param {import('node:child_process').ChildProcess | null} child
 * @param {NodeJS.Signals} signal
 * @param {{ exited?: boolean }} [options]
 */
function killTree(child, signal, { exited = false } = {}) {
  if (!child?.pid) return;
  if (exited) {
    // Only the group: the pid itself (and so its "descendants") may belong to someone else by now.
    try {
      if (!isWindows) process.kill(-child.pid, signal);
    } catch {
      // group gone
    }
    return;
  }
  if (signal === 'SIGKILL') {
    for (const pid of descendantsOf(child.pid)) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  try {
    if (isWindows) child.kill(signal);
    else process.kill(-child.pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // already gone
    }
  }
}

/**
 * Runs one test module and collects its results.
 * @param {string} file
 */
function runFile(file) {
  const fileName = path.basename(file);
  const reporter = pathToFileURL(path.join(here, 'reporter.mjs')).href;
  const key = newKey();
  const verify = createVerifier(key);
  const child = spawn(process.execPath, [`--test-reporter=${reporter}`, '--test-reporter-destination=stdout', file], {
    cwd: path.dirname(testsDir),
    env: { ...childEnv(), [KEY_FLAG]: '1' },
    stdio: ['pipe', 'pipe', 'pipe'],
    detached: !isWindows,
    windowsHide: true,
  });
  child.stdin?.on('error', () => undefined);
  child.stdin?.end(`${key}\n`);
  current = child;

  /** Top-level checks and concurrently() groups, from the reporter, in order. */
  /** @type {{ name: string, group?: boolean }[]} */
  const planned = [];
  /** Checks declared through the harness's test(), announced synchronously (see test.mjs); `group`: declared inside concurrently(). */
  /** @type {{ name: string, group?: string }[]} */
  const declared = [];
  /** Top-level checks that reported (or suites whose checks did). */
  /** @type {Set<string>} */
  const reported = new Set();
  /** Checks running now (several at once inside a concurrently() group), with their time limits. */
  /** @type {Map<string, number>} */
  const running = new Map();
  /** Checks that ended (their result may still be on its way from the reporter). */
  /** @type {Set<string>} */
  const ended = new Set();
  let lastProgress = Date.now();
  let bytes = 0;
  let pending = '';
  let stray = '';
  /** Why we stopped this process, if we did. */
  let stopped = /** @type {'' | 'stuck' | 'deadline' | 'output'} */ ('');

  /** @param {string} text */
  const keepStray = (text) => {
    stray = (stray + text).slice(-16_000);
  };
  /** @param {string} name */
  const finished = (name) => {
    running.delete(name);
    ended.add(name);
  };
  /** @param {any} event */
  const onEvent = (event) => {
    lastProgress = Date.now();
    if (event.kind === 'planned') planned.push(event.group ? { name: event.name, group: true } : { name: event.name });
    else if (event.kind === 'declared') declared.push(event.group ? { name: event.name, group: event.group } : { name: event.name });
    else if (event.kind === 'running') {
      if (!ended.has(event.name)) running.set(event.name, Number(event.timeoutMs) || testTimeoutMs);
    } else if (event.kind === 'start' && event.nesting === 0) {
      // The reporter's events lag behind: this may come after the check already said it was done.
      if (!ended.has(event.name) && !running.has(event.name)) running.set(event.name, testTimeoutMs);
    } else if (event.kind === 'done') finished(event.name);
    else if (event.kind === 'settled') {
      reported.add(event.name);
      finished(event.name);
    } else if (event.kind === 'result') {
      if (event.topLevel) {
        reported.add(event.name);
        finished(event.name);
      }
      record({ name: event.name, status: event.status, message: event.message, output: event.output }, event.durationMs);
    }
  };
  /** @param {string} chunk */
  const onStdout = (chunk) => {
    pending += chunk;
    let newline;
    while ((newline = pending.indexOf('\n')) !== -1) {
      const lineText = pending.slice(0, newline);
      pending = pending.slice(newline + 1);
      const at = lineText.indexOf(LINE_PREFIX);
      if (at === -1) {
        keepStray(`${lineText}\n`);
        continue;
      }
      if (at > 0) keepStray(lineText.slice(0, at));
      const payload = verify(lineText.slice(at + LINE_PREFIX.length));
      if (payload === null) {
        // Not written by the checks: learner code got hold of the test process's output.
        runError ||= FORGED_MESSAGE;
        continue;
      }
      try {
        onEvent(JSON.parse(payload));
      } catch {
        keepStray(`${lineText}\n`);
      }
    }
    if (pending.length > 64 * 1024) {
      keepStray(pending);
      pending = '';
    }
  };
  /** @param {Buffer} data */
  const count = (data) => {
    bytes += data.length;
    if (bytes > maxOutputBytes && !stopped) stop('output');
  };
  /** @param {'stuck' | 'deadline' | 'output'} why */
  const stop = (why) => {
    stopped = why;
    killTree(child, 'SIGTERM');
    setTimeout(() => killTree(child, 'SIGKILL'), 500).unref();
  };

  const outDecoder = new StringDecoder('utf8');
  const errDecoder = new StringDecoder('utf8');
  child.stdout?.on('data', (data) => {
    count(data);
    if (!stopped) onStdout(outDecoder.write(data));
  });
  child.stderr?.on('data', (data) => {
    count(data);
    if (!stopped) keepStray(errDecoder.write(data));
  });
  // If something else still holds the output pipes, 'close' would never come: stop waiting a second after exit.
  child.once('exit', () => {
    setTimeout(() => {
      child.stdout?.destroy();
      child.stderr?.destroy();
    }, 1000).unref();
  });

  const watchdog = setInterval(() => {
    if (stopped) return;
    // A check with a longer time limit of its own may legitimately stay silent longer.
    const silentFor = Math.max(stuckAfterMs, ...[...running.values()].map((limit) => limit + STUCK_MARGIN_MS));
    if (Date.now() >= deadline) stop('deadline');
    else if (Date.now() - lastProgress > silentFor) stop('stuck');
  }, 100);

  return new Promise((resolve) => {
    child.once('error', (err) => {
      keepStray(String(err.message));
    });
    child.once('close', (code) => {
      clearInterval(watchdog);
      killTree(child, 'SIGKILL', { exited: true });
      current = null;
      const output = truncateMiddle(relativePaths(stray, learnerDir).trim(), 8000) || null;
      const expected = expectedChecks(planned, declared);
      const missing = expected.filter((name) => !reported.has(name));
      const together = missing.filter((name) => running.has(name));

      if (stopped === 'output') {
        runError ||= `The checks were stopped because they produced more than ${Math.round(maxOutputBytes / 1024)} KB of output. Something probably prints in a loop.`;
      } else if (stopped === 'deadline') {
        runError ||= timeLimitMessage();
      }
      /** @param {string} name */
      const whyStopped = (name) => {
        const others = together.filter((n) => n !== name);
        if (stopped === 'stuck' && others.length) {
          return (
            `This check was stopped: it, or a check running at the same time (${others.map((n) => `"${n}"`).join(', ')}), ` +
            `did not finish within its time limit and the test process stopped responding. Something is probably stuck in an endless loop.`
          );
        }
        return {
          stuck: `This check did not finish within ${seconds(running.get(name) ?? testTimeoutMs)} and its test process stopped responding, so it was stopped. Something is probably stuck in an endless loop.`,
          deadline: `This check was stopped: the whole run reached its time limit of ${seconds(runTimeoutMs)}.`,
          output: 'This check was stopped because the run produced too much output.',
          '': 'This check did not report a result before its test process ended.',
        }[stopped];
      };
      for (const name of missing) {
        const wasRunning = running.has(name);
        let message;
        if (wasRunning) message = whyStopped(name);
        else if (ended.has(name)) message = `This check finished, but its result was lost because ${stopped ? 'the test process had to be stopped' : 'the test process ended early'}.`;
        else message = `This check did not run: ${stopped ? 'an earlier check had to be stopped' : 'the test process ended early'}.`;
        record({ name, status: 'error', message, output: wasRunning ? output : null });
      }
      if (!expected.length && !reported.size && (code !== 0 || stopped)) {
        record({
          name: fileName,
          status: 'error',
          message: stopped
            ? whyStopped(fileName)
            : `The hidden checks in ${fileName} could not start. This is most likely a problem in the course, not in your code.`,
          output,
        });
      }
      resolve(undefined);
    });
  });
}

/**
 * The checks a test file should report, in order: what the reporter planned, with
 * each concurrently() group replaced by the checks declared in it. The reporter may
 * not have flushed anything if the process was blocked: then the announcements.
 * @param {{ name: string, group?: boolean }[]} planned
 * @param {{ name: string, group?: string }[]} declared
 */
function expectedChecks(planned, declared) {
  if (!planned.length) return [...new Set(declared.map((d) => d.name))];
  /** @type {string[]} */
  const names = [];
  for (const entry of planned) {
    if (entry.group) names.push(...declared.filter((d) => d.group === entry.name).map((d) => d.name));
    else names.push(entry.name);
  }
  return [...new Set(names)];
}

/**
 * Adds a result and prints it as a progress line.
 * @param {TestResult} result
 * @param {number} [durationMs]
 */
function record(result, durationMs) {
  tests.push(result);
  const mark = { pass: paint('32', '✓'), fail: paint('31', '✗'), error: paint('33', '!') }[result.status];
  const time = durationMs ? paint('2', `  ${seconds(durationMs)}`) : '';
  say(`${mark} ${result.name}${time}`);
  if (result.status === 'pass') return;
  if (result.message) say(indent(result.message));
  if (result.output) {
    say(paint('2', '    Output of your app:'));
    say(paint('2', indent(truncateMiddle(result.output, 2000) ?? '', '      ')));
  }
}

/** Writes results.json, prints the summary, cleans up and exits. @param {string} error */
function finish(error) {
  const failed = tests.filter((t) => t.status === 'fail').length;
  const errored = tests.filter((t) => t.status === 'error').length;
  const passed = tests.filter((t) => t.status === 'pass').length;
  /** @type {'pass' | 'fail' | 'error'} */
  let status = 'pass';
  let message = null;
  if (error) {
    status = 'error';
    message = error;
  } else if (errored) {
    status = 'error';
    message =
      errored === 1
        ? 'One check could not be carried out; see its message.'
        : `${errored} checks could not be carried out; see their messages.`;
  } else if (failed) status = 'fail';
  else if (!tests.length) {
    status = 'error';
    message = 'No checks reported a result. This is most likely a problem in the course, not in your code.';
  }

  const results = { version: 3, status, message, tests };
  try {
    if (resultsFile) writeFileSync(resultsFile, `${JSON.stringify(results, null, 2)}\n`);
  } catch (err) {
    say(`Could not write ${resultsFile}: ${/** @type {Error} */ (err).message}`);
  }

  say();
  const total = tests.length;
  if (!total) say(paint('31;1', `✗ ${message ?? ''}`));
  else if (status === 'pass') say(paint('32;1', `All ${total} checks passed.`));
  else {
    const parts = [`${passed} of ${total} checks passed`];
    if (failed) parts.push(`${failed} failed`);
    if (errored) parts.push(`${errored} could not run`);
    say(paint(status === 'fail' ? '31;1' : '33;1', `${parts.join(', ')}.`));
    if (error && total) say(error);
  }
  say(paint('2', `(${seconds(Date.now() - startedAt)})`));
  // For the runner that gave us a key: the only copy of the verdict it accepts.
  if (ownKey) say(`${RESULTS_PREFIX}${sign(JSON.stringify(results))}`);
  sweepMarkedProcesses(runId, sweepOptions);
  rmSync(scratchDir, { recursive: true, force: true });
  process.exitCode = status === 'pass' ? 0 : status === 'fail' ? 1 : 2;
}
