// Reading the learner's files, for the few checks where behaviour cannot show
// the principle (e.g. a credential left in source). Findings carry file and line
// so a failure can say exactly where to look.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { learnerDir } from './env.mjs';

const IGNORED = new Set(['node_modules', '.git']);

/**
 * Relative paths ('/'-separated, sorted) of all files under `dir`, skipping node_modules and .git.
 * @param {string} [dir]
 * @returns {string[]}
 */
export function walkFiles(dir = learnerDir()) {
  /** @type {string[]} */
  const found = [];
  /** @param {string} rel */
  const visit = (rel) => {
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      if (IGNORED.has(entry.name)) continue;
      const child = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) visit(child);
      else if (entry.isFile()) found.push(child);
    }
  };
  visit('');
  return found.sort();
}

/**
 * Text of one learner file, or null when it does not exist.
 * @param {string} relativePath
 * @param {string} [dir]
 */
export function readLearnerFile(relativePath, dir = learnerDir()) {
  const full = path.join(dir, relativePath);
  try {
    if (!statSync(full).isFile()) return null;
    return readFileSync(full, 'utf8');
  } catch {
    return null;
  }
}

/**
 * Blanks out // and /* *\/ comments (keeping line numbers), so a scan does not
 * flag a commented-out line. Strings and template literals are respected;
 * regular-expression literals are not recognised (rare in exercise code).
 * @param {string} source
 */
export function stripComments(source) {
  let out = '';
  let i = 0;
  /** @type {string | null} */
  let quote = null;
  while (i < source.length) {
    const c = source[i];
    const next = source[i + 1];
    if (quote) {
      out += c;
      if (c === '\\') {
        out += next ?? '';
        i += 2;
        continue;
      }
      if (c === quote) quote = null;
      i++;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') {
      quote = c;
      out += c;
      i++;
    } else if (c === '/' && next === '/') {
      while (i < source.length && source[i] !== '\n') {
        out += ' ';
        i++;
      }
    } else if (c === '/' && next === '*') {
      const end = source.indexOf('*/', i + 2);
      const stop = end === -1 ? source.length : end + 2;
      out += source.slice(i, stop).replace(/[^\n]/g, ' ');
      i = stop;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/**
 * @typedef {object} Finding
 * @property {string} file   relative path
 * @property {number} line   1-based
 * @property {number} column 1-based
 * @property {string} text   the whole line, trimmed
 * @property {string} match
 */

/**
 * Finds `pattern` in the learner's source files.
 * @param {RegExp} pattern
 * @param {{ dir?: string, extensions?: string[], comments?: boolean }} [options] comments: also search inside comments (default false)
 * @returns {Finding[]}
 */
export function scanFiles(pattern, { dir = learnerDir(), extensions = ['.js', '.mjs', '.cjs', '.ts'], comments = false } = {}) {
  const flags = pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`;
  /** @type {Finding[]} */
  const findings = [];
  for (const file of walkFiles(dir)) {
    if (!extensions.some((ext) => file.endsWith(ext))) continue;
    const original = readLearnerFile(file, dir) ?? '';
    const searched = comments ? original : stripComments(original);
    const lines = searched.split('\n');
    const originalLines = original.split('\n');
    lines.forEach((line, index) => {
      for (const m of line.matchAll(new RegExp(pattern.source, flags))) {
        findings.push({ file, line: index + 1, column: (m.index ?? 0) + 1, text: (originalLines[index] ?? '').trim(), match: m[0] });
      }
    });
  }
  return findings;
}
