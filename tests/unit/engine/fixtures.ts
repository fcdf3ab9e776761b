/**
 * Test fixtures for the engine, harness and CLI tests: throw-away exercises
 * folders (with a copy of the real exercises/_harness) and a check for leftover
 * processes.
 */
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
export const harnessDir = path.join(repoRoot, 'exercises', '_harness');

export type Tree = Record<string, string>;

export interface FixtureExercise {
  id?: string;
  json?: Record<string, unknown>;
  starter?: Tree;
  solution?: Tree;
  tests?: Tree;
  variants?: Record<string, Tree>;
}

function writeTree(dir: string, tree: Tree): void {
  for (const [rel, content] of Object.entries(tree)) {
    const full = path.join(dir, rel);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, content);
  }
}

/** A valid exercise.json for `id`, with overrides. */
export function exerciseJson(id: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id,
    factor: Number(id.slice(0, 2)),
    title: 'Fixture exercise',
    summary: 'An exercise made up by a unit test.',
    editable: ['server.js'],
    readonly: [],
    allowNewFiles: true,
    hints: ['one', 'two', 'three'],
    timeoutMs: 10000,
    ...overrides,
  };
}

/** Creates an exercises folder with the real _harness and the given exercises. Returns its path. */
export function makeExercisesRoot(exercises: FixtureExercise[]): string {
  const root = mkdtempSync(path.join(tmpdir(), 'tfc-fixture-'));
  cpSync(harnessDir, path.join(root, '_harness'), { recursive: true });
  for (const ex of exercises) {
    const id = ex.id ?? '01-fixture';
    const dir = path.join(root, id);
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, 'exercise.json'), JSON.stringify(ex.json ?? exerciseJson(id), null, 2));
    writeTree(path.join(dir, 'starter'), ex.starter ?? { 'server.js': '// starter\n' });
    writeTree(path.join(dir, 'solution'), ex.solution ?? { 'server.js': '// solution\n' });
    writeTree(path.join(dir, 'tests'), ex.tests ?? {});
    for (const [name, tree] of Object.entries(ex.variants ?? {})) writeTree(path.join(dir, 'variants', name), tree);
  }
  return root;
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** Pids of processes whose command line contains `marker` (Linux /proc). */
export function processesWith(marker: string): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(marker)) found.push(Number(entry));
    } catch {
      // gone
    }
  }
  return found;
}

/**
 * Processes with `marker` still there after up to `ms`. A SIGKILLed process only
 * disappears once the kernel schedules it, which on a loaded machine takes a moment.
 */
export async function leftovers(marker: string, ms = 2000): Promise<number[]> {
  const until = Date.now() + ms;
  let found = processesWith(marker);
  while (found.length && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 50));
    found = processesWith(marker);
  }
  return found;
}

/** A hidden test module using the harness, with one check that starts server.js and expects it on PORT. */
export const LISTEN_TEST = `
import { test, startApp, freePort, expectListening } from '../_harness/index.mjs';
test('answers on PORT', async (t) => {
  const port = await freePort();
  const app = await startApp(t, { command: ['node', 'server.js'], env: { PORT: String(port) } });
  await expectListening(app, port, { timeoutMs: 1500, expected: 'the app listens on PORT', hint: 'server.js' });
});
`;

export const GOOD_SERVER = `
import http from 'node:http';
http.createServer((req, res) => res.end('ok')).listen(Number(process.env.PORT), () => console.log('listening on ' + process.env.PORT));
`;
