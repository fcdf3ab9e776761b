// Settings that run.mjs hands to every hidden-test process through the environment.
import { HarnessError } from './failures.mjs';

/** Absolute path of the learner's files (set by run.mjs from TFC_LEARNER_DIR). */
export function learnerDir() {
  const dir = process.env.TFC_LEARNER_DIR;
  if (!dir) {
    throw new HarnessError('TFC_LEARNER_DIR is not set: hidden tests must be started through exercises/_harness/run.mjs.');
  }
  return dir;
}

/** @param {string} name @param {number} fallback */
export function numberSetting(name, fallback) {
  const value = Number(process.env[name]);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** Per-check time limit in ms (TFC_TEST_TIMEOUT_MS, default 10 s). */
export const testTimeoutMs = () => numberSetting('TFC_TEST_TIMEOUT_MS', 10_000);

/** Marker put into the environment of every process a run starts, so leftovers can be found and killed. */
export const runId = () => process.env.TFC_RUN_ID ?? '';

/** Node version as [major, minor]. */
export function nodeVersion() {
  const [major = 0, minor = 0] = process.versions.node.split('.').map(Number);
  return [major, minor];
}
