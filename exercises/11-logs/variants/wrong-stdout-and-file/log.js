// Events go to stdout at once, and to the log file as well, in case we need them later.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const FILE = process.env.LOG_FILE || fileURLToPath(new URL('./logs/shortlinks.log', import.meta.url));
mkdirSync(path.dirname(FILE), { recursive: true });

function write(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  process.stdout.write(line);
  appendFileSync(FILE, line);
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
};
