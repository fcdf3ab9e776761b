// Events go to stdout at once, and to syslog through the `logger` program.
import { spawn } from 'node:child_process';

const syslog = spawn('logger', ['--tag', 'shortlinks'], { stdio: ['pipe', 'ignore', 'ignore'] });
syslog.on('error', () => {}); // no logger on this machine: stdout still works
syslog.stdin?.on('error', () => {});
syslog.unref();
// @ts-ignore
syslog.stdin?.unref?.();

function write(level, msg, fields = {}) {
  const line = `${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`;
  process.stdout.write(line);
  if (syslog.stdin?.writable) syslog.stdin.write(line);
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
};
