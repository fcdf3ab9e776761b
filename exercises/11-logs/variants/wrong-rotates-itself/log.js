// Events go to stdout at once. A local copy is kept next to the code, rotated at 64 KB.
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIR = fileURLToPath(new URL('./logs/', import.meta.url));
const FILE = `${DIR}shortlinks.log`;

function keepCopy(line) {
  mkdirSync(DIR, { recursive: true });
  try {
    if (statSync(FILE).size > 64 * 1024) renameSync(FILE, `${FILE}.${Date.now()}`);
  } catch {
    // no file yet
  }
  appendFileSync(FILE, line);
}

function write(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  process.stdout.write(line);
  keepCopy(line);
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
};
