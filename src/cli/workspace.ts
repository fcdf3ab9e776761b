/**
 * The learner's side of the CLI: the workspace/ folder (git-ignored) with one
 * folder per started exercise, and workspace/.progress.json (hints shown, last
 * check). TFC_WORKSPACE_DIR moves it (tests use a temp folder).
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { readTree, type FileTree } from '../engine/exercises.ts';
import { InvalidPathError, validateLearnerPath } from '../engine/paths.ts';
import type { TestStatus } from '../engine/results.ts';

export const projectRoot = fileURLToPath(new URL('../../', import.meta.url));

export function workspaceDir(): string {
  return path.resolve(process.env['TFC_WORKSPACE_DIR'] ?? path.join(projectRoot, 'workspace'));
}

export function exerciseFolder(id: string): string {
  return path.join(workspaceDir(), id);
}

/** A path as the learner would type it: relative to the working directory when inside it. */
export function displayPath(p: string): string {
  const rel = path.relative(process.cwd(), p);
  return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : p;
}

export interface ExerciseProgress {
  hintsShown?: number;
  lastCheck?: { status: TestStatus; passed: number; total: number; at: string };
}
export interface Progress {
  version: 1;
  exercises: Record<string, ExerciseProgress>;
}

function progressFile(): string {
  return path.join(workspaceDir(), '.progress.json');
}

/** Reads progress; a corrupt file is moved aside with a notice on stderr, never a crash. */
export async function readProgress(): Promise<Progress> {
  const file = progressFile();
  if (!existsSync(file)) return { version: 1, exercises: {} };
  try {
    const data = JSON.parse(await readFile(file, 'utf8')) as Partial<Progress>;
    if (data.version !== 1 || typeof data.exercises !== 'object' || data.exercises === null) throw new Error('unexpected shape');
    return { version: 1, exercises: data.exercises };
  } catch {
    const aside = `${file}.corrupt-${Date.now()}`;
    await rename(file, aside).catch(() => undefined);
    process.stderr.write(`Note: ${displayPath(file)} could not be read; it was moved to ${displayPath(aside)} and progress starts fresh.\n`);
    return { version: 1, exercises: {} };
  }
}

export async function updateProgress(id: string, change: (p: ExerciseProgress) => ExerciseProgress): Promise<ExerciseProgress> {
  const progress = await readProgress();
  const next = change(progress.exercises[id] ?? {});
  progress.exercises[id] = next;
  await mkdir(workspaceDir(), { recursive: true });
  await writeFile(progressFile(), `${JSON.stringify(progress, null, 2)}\n`);
  return next;
}

/**
 * The learner's files in `dir`, with paths checked; files whose names the course
 * cannot accept are skipped and listed.
 */
export async function readLearnerFolder(dir: string): Promise<{ files: FileTree; skipped: string[] }> {
  const tree = await readTree(dir);
  const files: FileTree = {};
  const skipped: string[] = [];
  for (const [p, content] of Object.entries(tree)) {
    try {
      files[validateLearnerPath(p)] = content;
    } catch (err) {
      if (!(err instanceof InvalidPathError)) throw err;
      skipped.push(p);
    }
  }
  return { files, skipped };
}

/** Writes a file tree into `dir` (created if needed). */
export async function writeFolder(dir: string, tree: FileTree): Promise<void> {
  for (const [rel, content] of Object.entries(tree)) {
    const full = path.join(dir, ...rel.split('/'));
    await mkdir(path.dirname(full), { recursive: true });
    await writeFile(full, content);
  }
  await mkdir(dir, { recursive: true });
}

/** Moves `dir` to workspace/.backup/<name>-<timestamp>; returns where it went. */
export async function backUp(dir: string): Promise<string> {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const target = path.join(workspaceDir(), '.backup', `${path.basename(dir)}-${stamp}`);
  await mkdir(path.dirname(target), { recursive: true });
  try {
    await rename(dir, target);
  } catch {
    // A workspace on another file system than .backup/: copy, then remove.
    await cp(dir, target, { recursive: true });
    await rm(dir, { recursive: true, force: true });
  }
  return target;
}
