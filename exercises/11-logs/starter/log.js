// Shortlinks' logger. Every process (web and worker) logs through it:
//
//   import { log } from './log.js';
//   log.info('listening', { port: 4000 });
//   → {"time":"2026-01-01T12:00:00.000Z","level":"info","msg":"listening","port":4000}
//
// Written for the old VM, where Shortlinks looked after its own logs:
// - events are kept in memory and appended to the log file once a second (fewer disk
//   writes), and one last time when the process exits;
// - the file is LOG_FILE, or logs/shortlinks.log next to this file;
// - past 1 MB the file is rotated: shortlinks.log → .1 → .2 … → .5, the oldest dropped;
// - when LOG_COLLECTOR_URL is set, every batch is also POSTed there, for the ops dashboard.
import { appendFileSync, existsSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = process.env.LOG_FILE || fileURLToPath(new URL('./logs/shortlinks.log', import.meta.url));
const COLLECTOR = process.env.LOG_COLLECTOR_URL;
const FLUSH_EVERY_MS = 1000;
const ROTATE_AT_BYTES = 1024 * 1024;
const KEEP_FILES = 5;

/** Events not written yet, one JSON text each. @type {string[]} */
let pending = [];

/**
 * @param {'info' | 'warn' | 'error'} level
 * @param {string} msg
 * @param {Record<string, unknown>} [fields]
 */
function record(level, msg, fields = {}) {
  pending.push(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}

function rotateIfBig() {
  let size = 0;
  try {
    size = statSync(FILE).size;
  } catch {
    return; // no file yet
  }
  if (size < ROTATE_AT_BYTES) return;
  rmSync(`${FILE}.${KEEP_FILES}`, { force: true });
  for (let i = KEEP_FILES - 1; i >= 1; i--) {
    if (existsSync(`${FILE}.${i}`)) renameSync(`${FILE}.${i}`, `${FILE}.${i + 1}`);
  }
  renameSync(FILE, `${FILE}.1`);
}

function flush() {
  if (!pending.length) return;
  const batch = `${pending.join('\n')}\n`;
  pending = [];
  mkdirSync(path.dirname(FILE), { recursive: true });
  rotateIfBig();
  appendFileSync(FILE, batch);
  if (COLLECTOR) {
    fetch(COLLECTOR, { method: 'POST', headers: { 'content-type': 'application/x-ndjson' }, body: batch }).catch(() => {});
  }
}

setInterval(flush, FLUSH_EVERY_MS).unref();
process.on('exit', flush);

export const log = {
  /** @param {string} msg @param {Record<string, unknown>} [fields] */
  info: (msg, fields) => record('info', msg, fields),
  /** @param {string} msg @param {Record<string, unknown>} [fields] */
  warn: (msg, fields) => record('warn', msg, fields),
  /** @param {string} msg @param {Record<string, unknown>} [fields] */
  error: (msg, fields) => record('error', msg, fields),
};
