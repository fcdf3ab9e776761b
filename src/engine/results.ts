/**
 * The results document of a hidden-test run, in the Exercism test-runner
 * `results.json` version 3 shape. Written by exercises/_harness/run.mjs, read by
 * the runner, the CLI, the course server and the browser. Browser-safe: no Node
 * imports, no dependencies.
 */

export type TestStatus = 'pass' | 'fail' | 'error';

export interface TestResult {
  /** What the check expects, in the learner's words ("answers HTTP on the port given in PORT"). */
  name: string;
  status: TestStatus;
  /** Learner-facing explanation: what was observed, what the factor expects, where to look. Null on pass. */
  message: string | null;
  /** Captured output of the learner's processes during the check, truncated. */
  output: string | null;
}

export interface Results {
  version: 3;
  /** pass: every check passed. fail: some check failed. error: the checks could not all be carried out. */
  status: TestStatus;
  /** Set when status is `error`: why, in plain words. */
  message: string | null;
  tests: TestResult[];
}

const STATUSES: readonly string[] = ['pass', 'fail', 'error'];

/** A results document for a run that could not produce its own (time limit, crash, cancelled…). */
export function errorResults(message: string, tests: TestResult[] = []): Results {
  return { version: 3, status: 'error', message, tests };
}

/** Counts per status, for summaries ("4 of 6 checks passed"). */
export function summarize(results: Results): { total: number; passed: number; failed: number; errored: number } {
  const count = (s: TestStatus) => results.tests.filter((t) => t.status === s).length;
  return { total: results.tests.length, passed: count('pass'), failed: count('fail'), errored: count('error') };
}

/**
 * Checks that `value` (parsed JSON from run.mjs, the network or storage) is a
 * results document, and returns it typed. Throws an Error naming the bad field.
 */
export function parseResults(value: unknown): Results {
  const fail = (what: string): never => {
    throw new Error(`Not a results document: ${what}`);
  };
  if (!isObject(value)) return fail('not an object');
  if (value['version'] !== 3) fail('"version" must be 3');
  const status = value['status'];
  if (typeof status !== 'string' || !STATUSES.includes(status)) fail('"status" must be pass, fail or error');
  const message = value['message'];
  if (message !== null && typeof message !== 'string') fail('"message" must be a string or null');
  const tests = value['tests'];
  if (!Array.isArray(tests)) return fail('"tests" must be an array');
  const parsed = tests.map((test: unknown, i): TestResult => {
    if (!isObject(test)) return fail(`tests[${i}] is not an object`);
    const { name, status: s, message: m, output } = test;
    if (typeof name !== 'string') fail(`tests[${i}].name must be a string`);
    if (typeof s !== 'string' || !STATUSES.includes(s)) fail(`tests[${i}].status must be pass, fail or error`);
    if (m !== null && m !== undefined && typeof m !== 'string') fail(`tests[${i}].message must be a string or null`);
    if (output !== null && output !== undefined && typeof output !== 'string') fail(`tests[${i}].output must be a string or null`);
    return { name: name as string, status: s as TestStatus, message: (m as string | null | undefined) ?? null, output: (output as string | null | undefined) ?? null };
  });
  return { version: 3, status: status as TestStatus, message: (message as string | null) ?? null, tests: parsed };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
