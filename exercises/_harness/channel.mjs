// The authenticated result channel: how a verdict travels from the hidden checks
// to whoever started the run, so that learner code cannot fake one.
//
//   runner (server, CLI) ──key on stdin──▶ run.mjs ──its own key per file on stdin──▶ test process
//   runner ◀──signed results line on stdout── run.mjs ◀──signed event lines on stdout── test process
//
// Each parent makes a fresh random key and writes it as the first line of its
// child's stdin, then closes stdin: the key is never in an environment variable
// or on a command line, where learner code could read it (/proc/<pid>/environ,
// `ps`). The learner's processes get no stdin from us (`'ignore'`). Every line a
// child writes for its parent carries a sequence number and an HMAC-SHA256 of
// both, so a line learner code writes into the pipe (it might get hold of the
// file descriptor) is recognised as forged, and a copied line as replayed.
//
// Without a key (a test file run by hand with `node --test`), lines are written
// unsigned; run.mjs never accepts those.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { readFileSync, unlinkSync } from 'node:fs';
import { KEY_FILE_VAR, KEY_FLAG, RESULTS_PREFIX, macInput, parseSignedLine } from './channel-format.mjs';

export { KEY_FILE_VAR, KEY_FLAG, RESULTS_PREFIX };

/** A fresh key, as the hex text sent on stdin. */
export function newKey() {
  return randomBytes(32).toString('hex');
}

/**
 * The key this process's parent sent on stdin, or null when it sent none.
 * Read once, at first import (top-level await), before any check or app runs.
 */
export const ownKey = process.env[KEY_FLAG] === '1' ? await readKeyFromStdin() : process.env[KEY_FILE_VAR] ? readKeyFile(process.env[KEY_FILE_VAR]) : null;
delete process.env[KEY_FLAG];
delete process.env[KEY_FILE_VAR];

/**
 * The in-browser runtime leaves the key in a file: read it and delete it at once,
 * before any learner code runs (run.mjs imports this first thing).
 * @param {string} file
 */
function readKeyFile(file) {
  try {
    const key = readFileSync(file, 'utf8').trim();
    unlinkSync(file);
    return /^[0-9a-f]{64}$/.test(key) ? key : null;
  } catch {
    return null;
  }
}

/** @returns {Promise<string | null>} */
function readKeyFromStdin() {
  return new Promise((resolve) => {
    let text = '';
    const done = (/** @type {string | null} */ key) => {
      process.stdin.off('data', onData);
      process.stdin.off('end', onEnd);
      process.stdin.off('error', onEnd);
      process.stdin.destroy();
      resolve(key);
    };
    const onData = (/** @type {Buffer} */ chunk) => {
      text += chunk.toString('latin1');
      const newline = text.indexOf('\n');
      if (newline !== -1) done(/^[0-9a-f]{64}$/.test(text.slice(0, newline)) ? text.slice(0, newline) : null);
      else if (text.length > 200) done(null);
    };
    const onEnd = () => done(null);
    process.stdin.on('data', onData);
    process.stdin.once('end', onEnd);
    process.stdin.once('error', onEnd);
  });
}

/** @param {string} key @param {number} sequence @param {string} payload */
function mac(key, sequence, payload) {
  return createHmac('sha256', Buffer.from(key, 'hex')).update(macInput(sequence, payload)).digest('hex');
}

/**
 * Signs lines with `key` (default: the key this process received), numbering them.
 * @param {string | null} [key]
 */
export function createSigner(key = ownKey) {
  let sequence = 0;
  /** @param {string} payload  one line of text (JSON), no newline */
  return (payload) => {
    if (!key) return payload;
    sequence += 1;
    return `${sequence} ${mac(key, sequence, payload)} ${payload}`;
  };
}

/** Signs this process's lines for its parent (one numbering for every module that writes them). */
export const sign = createSigner();

/**
 * Checks signed lines from a child that was given `key`. Returns the payload, or
 * null when the line is unsigned, forged, or a repeat of a line already seen.
 * @param {string} key
 */
export function createVerifier(key) {
  /** @type {Set<number>} */
  const seen = new Set();
  /** @param {string} line  what followed the line's prefix */
  return (line) => {
    const signed = parseSignedLine(line);
    if (!signed) return null;
    const { sequence, payload } = signed;
    const expected = Buffer.from(mac(key, sequence, payload), 'hex');
    if (!timingSafeEqual(expected, Buffer.from(signed.mac, 'hex')) || seen.has(sequence)) return null;
    seen.add(sequence);
    return payload;
  };
}
