/**
 * Which files a run uses: the rules that turn "the files a learner sent" into
 * the learner tree that is laid out and tested. Pure and browser-safe, so the
 * in-browser runtime mounts exactly the tree the local runtime would.
 */
import { InvalidPathError, validateLearnerPath } from './paths.ts';

/** Relative path → file content. */
export type FileTree = Record<string, string>;

export interface TreeRules {
  editable: readonly string[];
  readonly: readonly string[];
  allowNewFiles: boolean;
}

export const MAX_FILES = 200;
export const MAX_TOTAL_BYTES = 2 * 1024 * 1024;

/** Too many or too large files (the message is learner-facing). */
export class LearnerFilesError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LearnerFilesError';
  }
}

/**
 * Builds the learner tree of a run:
 * - every path is validated (InvalidPathError);
 * - read-only files always come from the starter (a sent copy is ignored and listed in `ignored`
 *   when it differs), so the context the tests rely on cannot drift;
 * - when the exercise does not allow new files, only editable paths are accepted, and an
 *   editable file that was not sent keeps its starter content;
 * - when it does, any valid path is accepted, and an editable file that was not sent is
 *   treated as deleted (restructuring is part of the exercise).
 */
export function buildLearnerTree(rules: TreeRules, starter: FileTree, files: FileTree): { tree: FileTree; ignored: string[] } {
  const readonly = new Set(rules.readonly);
  const editable = new Set(rules.editable);
  const tree: FileTree = {};
  const ignored: string[] = [];
  let bytes = 0;
  const entries = Object.entries(files);
  if (entries.length > MAX_FILES) throw new LearnerFilesError(`Too many files (${entries.length}); at most ${MAX_FILES} are accepted.`);

  for (const [rawPath, content] of entries) {
    const path = validateLearnerPath(rawPath);
    if (typeof content !== 'string') throw new InvalidPathError(rawPath, 'its content is not text');
    bytes += content.length;
    if (readonly.has(path)) {
      if (content !== starter[path]) ignored.push(path);
      continue;
    }
    if (!rules.allowNewFiles && !editable.has(path)) {
      throw new InvalidPathError(rawPath, `this exercise does not let you add files; edit ${[...editable].join(', ')}`);
    }
    tree[path] = content;
  }
  if (bytes > MAX_TOTAL_BYTES) throw new LearnerFilesError(`Your files are too large together (${Math.round(bytes / 1024)} KB); at most ${MAX_TOTAL_BYTES / 1024} KB are accepted.`);

  for (const path of readonly) {
    const content = starter[path];
    if (content !== undefined) tree[path] = content;
  }
  if (!rules.allowNewFiles) {
    for (const path of editable) {
      const content = starter[path];
      if (!(path in tree) && content !== undefined) tree[path] = content;
    }
  }
  return { tree, ignored };
}
