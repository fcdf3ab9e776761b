/**
 * Validation of the paths of learner files. Every path that comes from a
 * learner (the browser, the course server's API, a folder on disk) passes through
 * here before anything is written: it must stay inside the learner's tree.
 * Pure and browser-safe, so the workbench can reject a bad file name as it is typed.
 */

export const MAX_PATH_LENGTH = 200;
const MAX_DEPTH = 10;

/** Thrown for a path a learner may not use; the message is learner-facing. */
export class InvalidPathError extends Error {
  readonly path: string;
  constructor(path: string, reason: string) {
    super(`${JSON.stringify(path)} is not a valid file name: ${reason}.`);
    this.name = 'InvalidPathError';
    this.path = path;
  }
}

/**
 * Returns the path in its one canonical form ("src/app.js"; a leading "./" is
 * dropped) or throws InvalidPathError: empty, absolute, `..` or `.` segments,
 * empty segments, backslashes, drive letters and colons, control characters
 * (NUL included), too long or too deep.
 */
export function validateLearnerPath(path: string): string {
  if (typeof path !== 'string' || path.length === 0) throw new InvalidPathError(String(path ?? ''), 'it is empty');
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(path)) throw new InvalidPathError(path, 'it contains a control character');
  if (path.includes('\\')) throw new InvalidPathError(path, 'use "/" between folders, not "\\"');
  if (path.startsWith('/')) throw new InvalidPathError(path, 'it must be relative to your exercise folder, not start with "/"');
  if (path.includes(':')) throw new InvalidPathError(path, 'it must not contain ":" (drive letters and colons are not portable)');
  const relative = path.startsWith('./') ? path.slice(2) : path;
  if (relative.length > MAX_PATH_LENGTH) throw new InvalidPathError(path, `it is longer than ${MAX_PATH_LENGTH} characters`);
  const segments = relative.split('/');
  if (segments.length > MAX_DEPTH) throw new InvalidPathError(path, `it is nested deeper than ${MAX_DEPTH} folders`);
  for (const segment of segments) {
    if (segment === '..') throw new InvalidPathError(path, 'it must stay inside your exercise folder (no "..")');
    if (segment === '.') throw new InvalidPathError(path, 'it must not contain "." as a folder name');
    if (segment === '') throw new InvalidPathError(path, 'it has an empty folder name ("//" or a trailing "/")');
  }
  return relative;
}
