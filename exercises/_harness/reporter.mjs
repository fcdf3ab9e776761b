// A node:test reporter (node --test-reporter=./reporter.mjs file.test.mjs).
// It turns node:test's events into one line per event for run.mjs:
//   \x1eTFC {"kind":"planned"|"start"|"result", ...}
// The prefix separates these lines from anything else the test process prints.
// Results are already learner-facing here: this is where a bare AssertionError or
// a timeout becomes a sentence.
import { inspect } from 'node:util';
import { truncateMiddle } from './output.mjs';

export const LINE_PREFIX = '\u001eTFC ';
const MAX_MESSAGE = 4000;
const MAX_OUTPUT = 8000;

/** @param {Record<string, unknown>} event */
const line = (event) => `${LINE_PREFIX}${JSON.stringify(event)}\n`;

/**
 * @param {AsyncIterable<{ type: string, data: any }>} source
 */
export default async function* tfcReporter(source) {
  /** Names of the enclosing tests/suites by nesting level, for "suite › test" names. */
  const stack = [];
  for await (const { type, data } of source) {
    if (type === 'test:enqueue' && data.nesting === 0) yield line({ kind: 'planned', name: data.name });
    else if (type === 'test:dequeue') yield line({ kind: 'start', name: data.name, nesting: data.nesting });
    else if (type === 'test:start') stack[data.nesting] = data.name;
    else if (type === 'test:pass' || type === 'test:fail') {
      const result = toResult(type, data);
      if (!result) continue;
      const name = [...stack.slice(0, data.nesting), data.name].join(' › ');
      yield line({ kind: 'result', name, topLevel: data.nesting === 0, durationMs: Math.round(data.details?.duration_ms ?? 0), ...result });
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
