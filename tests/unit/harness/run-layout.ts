/**
 * Runs hidden tests through exercises/_harness/run.mjs the way every runtime
 * does: <root>/learner, <root>/hidden/_harness and <root>/hidden/tests in a
 * temp folder (removed after the file's tests), then `node hidden/_harness/run.mjs`.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { parseResults, type Results } from '../../../src/engine/results.ts';
import { harnessDir, removeDir } from '../engine/fixtures.ts';

const roots: string[] = [];
afterAll(() => roots.forEach(removeDir));

/** Lays out the run folder like the runner does and returns its root. */
export function layOut(tests: Record<string, string>, learner: Record<string, string> = {}): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tfc-run-test-'));
  roots.push(root);
  cpSync(harnessDir, path.join(root, 'hidden', '_harness'), { recursive: true });
  mkdirSync(path.join(root, 'hidden', 'tests'), { recursive: true });
  mkdirSync(path.join(root, 'learner'), { recursive: true });
  for (const [name, content] of Object.entries(tests)) writeFileSync(path.join(root, 'hidden', 'tests', name), content);
  for (const [name, content] of Object.entries(learner)) {
    mkdirSync(path.dirname(path.join(root, 'learner', name)), { recursive: true });
    writeFileSync(path.join(root, 'learner', name), content);
  }
  return root;
}

/** Runs run.mjs in `root` (optionally with another Node binary) and reads its results. */
export async function runIn(root: string, env: Record<string, string> = {}, node = process.execPath): Promise<{ code: number | null; stdout: string; results: Results; ms: number }> {
  const started = Date.now();
  const child = spawn(node, [path.join(root, 'hidden', '_harness', 'run.mjs')], {
    cwd: root,
    env: { PATH: process.env['PATH'] ?? '', TFC_LEARNER_DIR: path.join(root, 'learner'), TFC_RESULTS_FILE: path.join(root, 'results.json'), ...env },
  });
  let stdout = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const results = parseResults(JSON.parse(readFileSync(path.join(root, 'results.json'), 'utf8')));
  return { code, stdout, results, ms: Date.now() - started };
}
