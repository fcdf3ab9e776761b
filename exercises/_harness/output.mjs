// Bounded capture of process output. A learner's app that prints in a loop must
// not exhaust memory or flood the results, so we keep the beginning (start-up
// messages, the first error) and the end (the latest lines), and count the rest.
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const DEFAULT_HEAD = 16 * 1024;
const DEFAULT_TAIL = 16 * 1024;

export class OutputBuffer {
  /** @param {{ head?: number, tail?: number }} [limits] */
  constructor(limits = {}) {
    this.headLimit = limits.head ?? DEFAULT_HEAD;
    this.tailLimit = limits.tail ?? DEFAULT_TAIL;
    this.head = '';
    this.tail = '';
    this.dropped = 0;
    this.total = 0;
  }

  /** @param {string} text */
  append(text) {
    this.total += text.length;
    if (this.head.length < this.headLimit) {
      const room = this.headLimit - this.head.length;
      this.head += text.slice(0, room);
      text = text.slice(room);
      if (!text) return;
    }
    this.tail += text;
    if (this.tail.length > this.tailLimit) {
      const cut = this.tail.length - this.tailLimit;
      this.dropped += cut;
      this.tail = this.tail.slice(cut);
    }
  }

  toString() {
    if (!this.dropped) return this.head + this.tail;
    return `${this.head}\n… ${this.dropped} characters of output left out …\n${this.tail}`;
  }
}

/**
 * Shortens a text to at most `max` characters, keeping its beginning and end.
 * @param {string | null | undefined} text
 * @param {number} max
 */
export function truncateMiddle(text, max) {
  if (text == null) return text ?? null;
  if (text.length <= max) return text;
  const keepHead = Math.floor(max * 0.3);
  const keepTail = max - keepHead;
  const cut = text.length - keepHead - keepTail;
  return `${text.slice(0, keepHead)}\n… ${cut} characters left out …\n${text.slice(text.length - keepTail)}`;
}

/**
 * Replaces absolute paths into the learner's folder with relative ones:
 * "server.js:3", not "/tmp/tfc-…/learner/server.js:3".
 * @param {string} text
 * @param {string} dir
 */
export function relativePaths(text, dir) {
  if (!dir) return text;
  const withSlash = dir.endsWith(path.sep) ? dir : dir + path.sep;
  return text.split(pathToFileURL(withSlash).href).join('').split(withSlash).join('');
}

/**
 * Drops stack-trace lines the learner cannot act on: Node's internals and the
 * harness's own listen observer (which sits between their code and net.Server).
 * @param {string} text
 */
export function tidyStackTraces(text) {
  return text
    .split('\n')
    .filter((line) => !/^\s+at (?:async )?(?:.*\()?(?:node:|.*\/_harness\/listen-observer\.mjs)/.test(line))
    .join('\n');
}
