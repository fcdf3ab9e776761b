// Events are batched in memory and written to stdout once a second, and at exit.
let pending = [];

function flush() {
  if (!pending.length) return;
  process.stdout.write(pending.join(''));
  pending = [];
}
setInterval(flush, 1000).unref();
process.on('exit', flush);

function write(level, msg, fields = {}) {
  pending.push(`${JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields })}\n`);
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
};
