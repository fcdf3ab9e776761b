import { describe, expect, it } from 'vitest';
import { crashSummary, excerpt } from '../../../exercises/_harness/diagnose.mjs';
import { ensure, fail, formatFailure, HarnessError, LearnerFacingError } from '../../../exercises/_harness/failures.mjs';
import { OutputBuffer, relativePaths, tidyStackTraces, truncateMiddle } from '../../../exercises/_harness/output.mjs';

describe('output capture', () => {
  it('keeps the head and the tail and counts what it left out', () => {
    const buffer = new OutputBuffer({ head: 10, tail: 10 });
    buffer.append('HEAD-12345');
    for (let i = 0; i < 1000; i++) buffer.append('middle ');
    buffer.append('the-end!!!');
    const text = buffer.toString();
    expect(text.startsWith('HEAD-12345')).toBe(true);
    expect(text.endsWith('the-end!!!')).toBe(true);
    expect(text).toMatch(/… 7000 characters of output left out …/);
    expect(text.length).toBeLessThan(80);
  });

  it('truncates long texts in the middle', () => {
    expect(truncateMiddle('short', 10)).toBe('short');
    const cut = truncateMiddle('a'.repeat(50) + 'b'.repeat(50), 20) ?? '';
    expect(cut).toMatch(/^a{6}\n… 80 characters left out …\nb{14}$/);
  });

  it('makes learner paths relative and drops stack lines the learner cannot act on', () => {
    const dir = '/tmp/tfc-run-x/learner';
    const raw = [
      `file://${dir}/server.js:3`,
      'Error: boom',
      `    at file://${dir}/server.js:3:9`,
      '    at ModuleJob.run (node:internal/modules/esm/module_job:437:25)',
      '    at async node:internal/modules/esm/loader:639:26',
      '    at Server.listen (file:///tmp/tfc-run-x/hidden/_harness/listen-observer.mjs:58:29)',
    ].join('\n');
    expect(tidyStackTraces(relativePaths(raw, dir))).toBe(['server.js:3', 'Error: boom', '    at server.js:3:9'].join('\n'));
  });
});

describe('failure messages', () => {
  it('say what was observed, what is expected and where to look', () => {
    expect(formatFailure({ observed: 'nothing on 4000', expected: 'the app listens on PORT', hint: 'server.js' })).toBe(
      'Observed: nothing on 4000\nExpected: the app listens on PORT\nWhere to look: server.js',
    );
    expect(() => fail({ observed: 'a', expected: 'b' })).toThrow(LearnerFacingError);
    expect(() => ensure(true, () => { throw new Error('not evaluated'); })).not.toThrow();
    try {
      ensure(false, () => ({ observed: 'x', expected: 'y' }));
    } catch (err) {
      expect((err as LearnerFacingError).status).toBe('fail');
    }
    expect(new HarnessError('no signals here').status).toBe('error');
  });

  it('summarise a crash with the error and its place', () => {
    const stderr = 'server.js:2\nlet x = (\n        ^\n\nSyntaxError: Unexpected end of input\n\nNode.js v24.0.0';
    expect(crashSummary(stderr)).toBe('SyntaxError: Unexpected end of input (server.js, line 2)');
    expect(crashSummary('Error [ERR_MODULE_NOT_FOUND]: Cannot find module \'x\'\n    at lib/app.js:4:1')).toBe(
      "Error [ERR_MODULE_NOT_FOUND]: Cannot find module 'x' (lib/app.js, line 4)",
    );
    expect(crashSummary('just some text')).toBeNull();
  });

  it('quote the last lines of output', () => {
    expect(excerpt('')).toBe('  (nothing)');
    expect(excerpt('1\n2\n3\n4\n5\n6\n7', 2)).toBe('  …\n  6\n  7');
  });
});
