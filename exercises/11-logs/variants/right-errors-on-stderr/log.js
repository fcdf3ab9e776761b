// Events go to stdout (fd 1), one JSON object per line, written synchronously as they
// happen. Plain-text warnings for humans may go to stderr (fd 2).
import { writeSync } from 'node:fs';

function write(level, msg, fields = {}) {
  writeSync(1, `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
  /** A line for people reading stderr; not part of the event stream. @param {string} text */
  alert: (text) => writeSync(2, `${text}\n`),
};
