// A node:test reporter (node --test-reporter=./reporter.mjs file.test.mjs).
// It turns node:test's events into one line per event for run.mjs:
//   \x1eTFC {"kind":"planned"|"start"|"result"|"settled", ...}
// The prefix separates these lines from anything else the test process prints.
// Results are already learner-facing here: this is where a bare AssertionError or
// a timeout becomes a sentence.
//
// Checks declared inside concurrently() (test.mjs) are children of a node:test
// suite named GROUP_PREFIX + n. That suite is invisible here: its children are
// reported as top-level checks with their own names ("answers on PORT", never
// "<group> › answers on PORT").
import { inspect } from 'node:util';
import { sign } from './channel.mjs';
import { truncateMiddle } from './output.mjs';

export const LINE_PREFIX = '\u001eTFC ';
/** Name prefix of the suites that concurrently() creates (never shown to a learner). */
export const GROUP_PREFIX = '\u001etfc-concurrently ';
/** Learner-facing name for a failure of such a suite itself (its checks could not even be declared). */
export const GROUP_FAILURE_NAME = 'preparing the hidden checks';
const MAX_MESSAGE = 4000;
const MAX_OUTPUT = 8000;

/** A line for run.mjs, signed (see channel.mjs). @param {Record<string, unknown>} event */
export const line = (event) => `${LINE_PREFIX}${sign(JSON.stringify(event))}\n`;

/** @param {unknown} name */
export const isGroup = (name) => typeof name === 'string' && name.startsWith(GROUP_PREFIX);

/**
 * @param {AsyncIterable<{ type: string, data: any }>} source
 */
export default async function* tfcReporter(source) {
  /** Names of the enclosing tests/suites by nesting level (from test:start, which comes in report order). */
  const stack = [];
  /**
   * The top-level test or suite that is running now (from test:dequeue). Top-level
   * entries run one after the other, so enqueue/dequeue events of deeper levels
   * (which come while their checks run, possibly several at once) belong to it.
   */
  let runningTop = '';
  for await (const { type, data } of source) {
    if (type === 'test:enqueue' || type === 'test:dequeue') {
      if (type === 'test:dequeue' && data.nesting === 0) runningTop = data.name;
      if (isGroup(data.name)) {
        // The group itself: run.mjs learns its checks from their 'declared' announcements.
        if (type === 'test:enqueue' && data.nesting === 0) yield line({ kind: 'planned', name: data.name, group: true });
        continue;
      }
      const nesting = data.nesting > 0 && isGroup(runningTop) ? data.nesting - 1 : data.nesting;
      if (type === 'test:enqueue' && nesting === 0) yield line({ kind: 'planned', name: data.name });
      else if (type === 'test:dequeue') yield line({ kind: 'start', name: data.name, nesting });
    } else if (type === 'test:start') stack[data.nesting] = data.name;
    else if (type === 'test:pass' || type === 'test:fail') {
      const enclosing = stack.slice(0, data.nesting);
      const shown = enclosing.filter((name) => !isGroup(name));
      const topLevel = shown.length === 0;
      const result = toResult(type, data);
      if (!result) {
        // A suite whose checks reported one by one: run.mjs must not count it as a check that never reported.
        if (topLevel && !isGroup(data.name)) yield line({ kind: 'settled', name: data.name });
        continue;
      }
      const name = isGroup(data.name) ? GROUP_FAILURE_NAME : [...shown, data.name].join(' › ');
      yield line({ kind: 'result', name, topLevel, durationMs: Math.round(data.details?.duration_ms ?? 0), ...result });
    }
  }
}

/**
 * @param {string} type
 * @param {any} data
 * @returns {{ status: 'pass' | 'fail' | 'error', message: string | null, output: string | null } | null}
 */
export function toResult(type, data) {
  const isSuite = data.details?.type === 'suite';
  if (type === 'test:pass') {
    if (isSuite) return null;
    if (data.skip !== undefined || data.todo !== undefined) {
      const reason = typeof data.skip === 'string' ? data.skip : typeof data.todo === 'string' ? data.todo : '';
      return { status: 'error', message: `This check was skipped${reason ? `: ${reason}` : ''}. It does not count as passed.`, output: null };
    }
    return { status: 'pass', message: null, output: null };
  }
  const error = data.details?.error;
  const cause = error?.cause;
  const failureType = error?.failureType;
  if (isSuite && failureType === 'subtestsFailed') return null; // its failing checks are reported one by one
  const output = typeof cause?.output === 'string' && cause.output ? truncateMiddle(cause.output, MAX_OUTPUT) : null;
  /** @param {'fail' | 'error'} status @param {string} message @param {string | null} [out] */
  const result = (status, message, out = output) => ({ status, message: truncateMiddle(message, MAX_MESSAGE), output: out });

  switch (failureType) {
    case 'testTimeoutFailure':
      return result('error', 'This check did not finish in time and was stopped. Your app may be stuck (a loop, or a request that never gets an answer).');
    case 'cancelledByParent':
      return result('error', 'This check was cancelled because the checks around it stopped early.');
    case 'hookFailure':
      return result('error', `A preparation step of this check failed: ${describe(cause)}`);
    case 'uncaughtException':
    case 'unhandledRejection':
      return result('error', `The hidden tests crashed outside of a check: ${describe(cause)}. This is most likely a problem in the course; please report it.`);
    default:
      break;
  }
  if (cause && (cause.name === 'LearnerFacingError' || cause.name === 'HarnessError')) {
    return result(cause.status === 'error' ? 'error' : 'fail', String(cause.message));
  }
  if (cause?.name === 'AssertionError' || cause?.code === 'ERR_ASSERTION') return result('fail', assertionMessage(cause));
  return result(
    'error',
    `The check itself broke (${describe(cause ?? error)}). This is most likely a problem in the course, not in your code; please report it.`,
    [output, cause?.stack].filter(Boolean).join('\n\n') || null,
  );
}

/** A plain assert.* in a hidden test still gets an Observed/Expected message. @param {any} err */
function assertionMessage(err) {
  if (err.generatedMessage === false) return String(err.message);
  const show = (/** @type {unknown} */ v) => inspect(v, { depth: 3, breakLength: 100, maxStringLength: 300 });
  return [
    `Observed: ${show(err.actual)}`,
    `Expected: ${err.operator && !/equal/i.test(err.operator) ? `${err.operator} ` : ''}${show(err.expected)}`,
    '(This check compares the two values above.)',
  ].join('\n');
}

/** @param {any} err */
function describe(err) {
  if (err == null) return 'unknown error';
  if (typeof err !== 'object') return String(err);
  return `${err.name ?? 'Error'}: ${err.message ?? ''}`.trim();
}
