import { describe, expect, it } from 'vitest';
import type { TestResult } from '../../../src/engine/results.ts';
import { groupedSummary, palette } from '../../../src/cli/terminal.ts';
import { groupResults, groupSummary, splitGroup } from '../../../src/workbench/groups.ts';

const result = (name: string, status: TestResult['status'] = 'pass'): TestResult => ({ name, status, message: status === 'pass' ? null : 'Observed: …', output: null });

describe('splitGroup', () => {
  it('splits a factor group from the check', () => {
    expect(splitGroup('Factor VII — Port binding › answers HTTP on the port given in PORT')).toEqual({ group: 'Factor VII — Port binding', check: 'answers HTTP on the port given in PORT' });
    expect(splitGroup('Factor XII — Admin processes › a › b')).toEqual({ group: 'Factor XII — Admin processes', check: 'a › b' });
  });
  it('leaves other names alone, including node:test suite names', () => {
    expect(splitGroup('answers HTTP on the port given in PORT')).toEqual({ group: null, check: 'answers HTTP on the port given in PORT' });
    expect(splitGroup('some suite › a check')).toEqual({ group: null, check: 'some suite › a check' });
    expect(splitGroup('Factor XIII — Nope › a check').group).toBeNull();
    expect(splitGroup('Factor VII › a check').group).toBeNull();
  });
});

describe('groupResults', () => {
  it('groups by factor in order of first appearance, counting and judging each group', () => {
    const groups = groupResults([
      result('Factor VII — Port binding › a'),
      result('Factor VII — Port binding › b', 'fail'),
      result('Factor III — Config › c'),
      result('Factor IX — Disposability › d', 'error'),
      result('Factor IX — Disposability › e'),
    ]);
    expect(groups?.map((g) => [g.name, g.passed, g.total, g.status])).toEqual([
      ['Factor VII — Port binding', 1, 2, 'fail'],
      ['Factor III — Config', 1, 1, 'pass'],
      ['Factor IX — Disposability', 1, 2, 'error'],
    ]);
    expect(groups?.[0]?.checks.map((c) => c.check)).toEqual(['a', 'b']);
    expect(groups?.[0] && groupSummary(groups[0])).toBe('1 of 2 checks pass');
    expect(groups?.[1] && groupSummary(groups[1])).toBe('1 of 1 check passes');
  });
  it('a failure outweighs an error in the same group', () => {
    expect(groupResults([result('Factor VI — Processes › a', 'error'), result('Factor VI — Processes › b', 'fail')])?.[0]?.status).toBe('fail');
  });
  it('returns null (a flat list, as before) unless every check has a group', () => {
    expect(groupResults([])).toBeNull();
    expect(groupResults([result('answers on PORT'), result('logs the port')])).toBeNull();
    expect(groupResults([result('Factor III — Config › a'), result('preparing the hidden checks', 'error')])).toBeNull();
  });
});

describe('groupedSummary (npm run check)', () => {
  const plain = { ...palette(), enabled: false, bold: String, dim: String, red: String, green: String, yellow: String, cyan: String };
  it('prints one aligned line per group', () => {
    const text = groupedSummary(
      { version: 3, status: 'fail', message: null, tests: [result('Factor III — Config › a'), result('Factor VI — Processes › b', 'fail'), result('Factor VI — Processes › c')] },
      plain,
    );
    expect(text.split('\n')).toEqual(['By factor:', '  ✓ Factor III — Config    1 of 1 check passes', '  ✗ Factor VI — Processes  1 of 2 checks pass']);
  });
  it('prints nothing for results without groups', () => {
    expect(groupedSummary({ version: 3, status: 'pass', message: null, tests: [result('answers on PORT')] }, plain)).toBe('');
  });
});
