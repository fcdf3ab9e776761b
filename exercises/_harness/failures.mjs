// Errors that hidden tests throw. The reporter turns them into the learner-facing
// `message` of results.json, so every failure says what was observed, what the
// factor expects and where to look, instead of a bare AssertionError.

/** A failure of the learner's code, explained in plain words (status `fail`). */
export class LearnerFacingError extends Error {
  /**
   * @param {string} message
   * @param {{ status?: 'fail' | 'error', output?: string }} [extra]
   */
  constructor(message, extra = {}) {
    super(message);
    this.name = 'LearnerFacingError';
    /** `fail`: the learner's code is wrong. `error`: the check could not be carried out. */
    this.status = extra.status ?? 'fail';
    /** Captured output of the learner's processes, attached by the `test` wrapper. */
    this.output = extra.output;
  }
}

/**
 * The check could not be carried out here (runtime limitation, check timed out, broken test).
 * Reported with status `error`, never as a pass.
 */
export class HarnessError extends LearnerFacingError {
  /** @param {string} message @param {{ output?: string }} [extra] */
  constructor(message, extra = {}) {
    super(message, { ...extra, status: 'error' });
    this.name = 'HarnessError';
  }
}

/**
 * @typedef {object} Explanation
 * @property {string} observed  What the test saw, in the learner's terms ("nothing answered on port 41234").
 * @property {string} expected  What the factor asks for ("the app listens on the port given in PORT").
 * @property {string} [hint]    Where to look ("server.js, the call to listen()").
 */

/** Formats an explanation as the three short paragraphs every failure message has. */
export function formatFailure({ observed, expected, hint }) {
  const parts = [`Observed: ${observed.trim()}`, `Expected: ${expected.trim()}`];
  if (hint) parts.push(`Where to look: ${hint.trim()}`);
  return parts.join('\n');
}

/**
 * Fails the current check with a learner-facing explanation.
 * @param {Explanation} explanation
 * @returns {never}
 */
export function fail(explanation) {
  throw new LearnerFacingError(formatFailure(explanation));
}

/**
 * Fails unless `condition` holds. `explanation` may be a function so that the
 * observed text is only computed (e.g. from captured output) when needed.
 * @param {unknown} condition
 * @param {Explanation | (() => Explanation)} explanation
 * @returns {asserts condition}
 */
export function ensure(condition, explanation) {
  if (!condition) fail(typeof explanation === 'function' ? explanation() : explanation);
}

/** Short, single-line rendering of a value for "Observed:" texts. */
export function show(value, max = 200) {
  let text;
  if (typeof value === 'string') text = JSON.stringify(value);
  else {
    try {
      text = JSON.stringify(value) ?? String(value);
    } catch {
      text = String(value);
    }
  }
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
