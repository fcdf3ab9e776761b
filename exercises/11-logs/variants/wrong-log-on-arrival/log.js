// Shortlinks' logger. Every process (web and worker) logs through it:
//
//   import { log } from './log.js';
//   log.info('listening', { port: 4000 });
//   → {"time":"2026-01-01T12:00:00.000Z","level":"info","msg":"listening","port":4000}
//
// Logs are an event stream (factor XI): each event is written at once to stdout,
// one JSON object per line. Where the stream goes (a terminal, a file, a log
// router, an indexing system) is the execution environment's business, not the
// app's: no log file, no rotation, no shipping, no buffer.

/**
 * An Error becomes plain fields, its stack included: JSON keeps a multi-line
 * backtrace inside one line, so it stays one event.
 * @param {unknown} value
 */
function plain(value) {
  if (value instanceof Error) return { name: value.name, message: value.message, stack: value.stack };
  return value;
}

/**
 * @param {'info' | 'warn' | 'error'} level
 * @param {string} msg
 * @param {Record<string, unknown>} [fields]
 */
function write(level, msg, fields = {}) {
  const event = { time: new Date().toISOString(), level, msg };
  for (const [key, value] of Object.entries(fields)) if (!(key in event)) event[key] = plain(value);
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

export const log = {
  /** @param {string} msg @param {Record<string, unknown>} [fields] */
  info: (msg, fields) => write('info', msg, fields),
  /** @param {string} msg @param {Record<string, unknown>} [fields] */
  warn: (msg, fields) => write('warn', msg, fields),
  /** @param {string} msg @param {Record<string, unknown>} [fields] */
  error: (msg, fields) => write('error', msg, fields),
};
