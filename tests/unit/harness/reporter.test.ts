import assert from 'node:assert';
import { describe, expect, it } from 'vitest';
import { HarnessError, LearnerFacingError } from '../../../exercises/_harness/failures.mjs';
import { toResult } from '../../../exercises/_harness/reporter.mjs';

const failure = (cause: unknown, failureType = 'testCodeFailure') => ({ details: { error: { failureType, cause } } });

describe('reporter: node:test events to learner-facing results', () => {
  it('passes a passing check, never a skipped one', () => {
    expect(toResult('test:pass', {})).toEqual({ status: 'pass', message: null, output: null });
    expect(toResult('test:pass', { skip: 'no signals here' })).toMatchObject({ status: 'error', message: expect.stringContaining('does not count as passed') });
    expect(toResult('test:pass', { details: { type: 'suite' } })).toBeNull();
  });

  it('uses a learner-facing message as it is, with the captured output', () => {
    const err = new LearnerFacingError('Observed: a\nExpected: b', { output: 'app said hi' });
    expect(toResult('test:fail', failure(err))).toEqual({ status: 'fail', message: 'Observed: a\nExpected: b', output: 'app said hi' });
    expect(toResult('test:fail', failure(new HarnessError('cannot here')))).toMatchObject({ status: 'error', message: 'cannot here' });
  });

  it('never shows a bare AssertionError', () => {
    let err: unknown;
    try {
      assert.strictEqual(404, 200);
    } catch (e) {
      err = e;
    }
    const result = toResult('test:fail', failure(err));
    expect(result).toMatchObject({ status: 'fail' });
    expect(result?.message).toBe('Observed: 404\nExpected: 200\n(This check compares the two values above.)');
  });

  it('explains timeouts and broken checks as errors', () => {
    expect(toResult('test:fail', failure('timed out', 'testTimeoutFailure'))).toMatchObject({ status: 'error', message: expect.stringContaining('did not finish in time') });
    const broken = toResult('test:fail', failure(new TypeError('x is not a function')));
    expect(broken?.status).toBe('error');
    expect(broken?.message).toContain('The check itself broke (TypeError: x is not a function)');
    expect(toResult('test:fail', { details: { type: 'suite', error: { failureType: 'subtestsFailed' } } })).toBeNull();
  });
});
