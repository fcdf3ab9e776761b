/**
 * Checks grouped by factor. A capstone's hidden tests name each check after its
 * factor's group: "Factor VII — Port binding › answers HTTP on the port given in PORT"
 * (the shared check modules in exercises/_harness/checks/ take that prefix). The
 * results panel and `npm run check` show such checks under their group; results of
 * exercises without groups are shown as before. Browser-safe: no Node imports.
 */
import type { TestResult } from '../engine/results.ts';

/** Between a group and its check's own name, as node:test joins suite names. */
export const GROUP_SEPARATOR = ' › ';
/** A group name: "Factor", a Roman numeral from I to XII, an em dash, the factor's name. */
const FACTOR_GROUP = /^Factor (?:XII|XI|X|IX|VIII|VII|VI|V|IV|III|II|I) — \S.*$/;

export interface GroupedCheck {
  /** The check's name without its group ("answers HTTP on the port given in PORT"). */
  check: string;
  result: TestResult;
}

export interface ResultGroup {
  /** "Factor VII — Port binding". */
  name: string;
  checks: GroupedCheck[];
  passed: number;
  total: number;
  /** pass: every check passed; error: none failed but some could not run; fail otherwise. */
  status: TestResult['status'];
}

/** Splits "Factor III — Config › a check" into its group and the check; no group for any other name. */
export function splitGroup(name: string): { group: string | null; check: string } {
  const at = name.indexOf(GROUP_SEPARATOR);
  if (at > 0) {
    const group = name.slice(0, at);
    if (FACTOR_GROUP.test(group)) return { group, check: name.slice(at + GROUP_SEPARATOR.length) };
  }
  return { group: null, check: name };
}

/**
 * The results in groups, in the order each group first appears, or null when the
 * results are not grouped (some check has no group): then show them as a flat list.
 */
export function groupResults(tests: readonly TestResult[]): ResultGroup[] | null {
  if (tests.length === 0) return null;
  const groups = new Map<string, ResultGroup>();
  for (const result of tests) {
    const { group, check } = splitGroup(result.name);
    if (group === null) return null;
    let entry = groups.get(group);
    if (!entry) {
      entry = { name: group, checks: [], passed: 0, total: 0, status: 'pass' };
      groups.set(group, entry);
    }
    entry.checks.push({ check, result });
    entry.total++;
    if (result.status === 'pass') entry.passed++;
    if (result.status === 'fail') entry.status = 'fail';
    else if (result.status === 'error' && entry.status === 'pass') entry.status = 'error';
  }
  return [...groups.values()];
}

/** "6 of 6 checks pass" for one group. */
export function groupSummary(group: ResultGroup): string {
  return `${group.passed} of ${group.total} ${group.total === 1 ? 'check passes' : 'checks pass'}`;
}
