import { describe, expect, it } from 'vitest';
import { InvalidPathError, validateLearnerPath } from '../../../src/engine/paths.ts';

describe('validateLearnerPath', () => {
  it.each([
    ['server.js', 'server.js'],
    ['src/app.js', 'src/app.js'],
    ['./server.js', 'server.js'],
    ['.env.example', '.env.example'],
    ['a b/c-d_e.js', 'a b/c-d_e.js'],
  ])('accepts %j', (input, expected) => {
    expect(validateLearnerPath(input)).toBe(expected);
  });

  it.each([
    ['', /empty/],
    ['/etc/passwd', /relative/],
    ['../secret', /no "\.\."/],
    ['src/../../x', /no "\.\."/],
    ['..', /no "\.\."/],
    ['src\\app.js', /"\/"/],
    ['..\\x', /"\/"/],
    ['a\u0000b', /control character/],
    ['a\nb', /control character/],
    ['C:/x.js', /":"/],
    ['a//b', /empty folder name/],
    ['src/', /empty folder name/],
    ['./', /empty folder name/],
    ['a/./b', /"\."/],
    ['x'.repeat(201), /longer than 200/],
    [Array.from({ length: 11 }, () => 'd').join('/'), /deeper/],
  ])('rejects %j with a learner-facing message', (input, message) => {
    let error: unknown;
    try {
      validateLearnerPath(input);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(InvalidPathError);
    expect((error as InvalidPathError).message).toMatch(message);
    expect((error as InvalidPathError).message).toContain('is not a valid file name');
    expect((error as InvalidPathError).path).toBe(input);
  });

  it('rejects values that are not strings', () => {
    expect(() => validateLearnerPath(undefined as unknown as string)).toThrow(InvalidPathError);
  });
});
