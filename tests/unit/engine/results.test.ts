import { describe, expect, it } from 'vitest';
import { errorResults, parseResults, summarize } from '../../../src/engine/results.ts';

describe('results documents', () => {
  it('parses a valid document and fills missing message/output with null', () => {
    const doc = parseResults({ version: 3, status: 'fail', message: null, tests: [{ name: 'a', status: 'fail', message: 'why' }, { name: 'b', status: 'pass' }] });
    expect(doc.tests[0]).toEqual({ name: 'a', status: 'fail', message: 'why', output: null });
    expect(summarize(doc)).toEqual({ total: 2, passed: 1, failed: 1, errored: 0 });
  });

  it.each([
    [null, /not an object/],
    [{ version: 2, status: 'pass', message: null, tests: [] }, /version/],
    [{ version: 3, status: 'ok', message: null, tests: [] }, /status/],
    [{ version: 3, status: 'pass', message: 1, tests: [] }, /message/],
    [{ version: 3, status: 'pass', message: null, tests: {} }, /tests/],
    [{ version: 3, status: 'pass', message: null, tests: [{ status: 'pass' }] }, /tests\[0\]\.name/],
    [{ version: 3, status: 'pass', message: null, tests: [{ name: 'x', status: 'meh' }] }, /tests\[0\]\.status/],
  ])('rejects %j naming the bad field', (value, message) => {
    expect(() => parseResults(value)).toThrow(message);
  });

  it('builds error documents', () => {
    expect(errorResults('boom')).toEqual({ version: 3, status: 'error', message: 'boom', tests: [] });
  });
});
