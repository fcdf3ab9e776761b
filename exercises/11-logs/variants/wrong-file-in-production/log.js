// Development: events on stdout, to watch in the terminal. Production: events in the log file.
import { appendFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const production = process.env.NODE_ENV === 'production';
const FILE = process.env.LOG_FILE || fileURLToPath(new URL('./logs/shortlinks.log', import.meta.url));
if (production) mkdirSync(path.dirname(FILE), { recursive: true });

function write(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  if (production) appendFileSync(FILE, line);
  else process.stdout.write(line);
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
};
