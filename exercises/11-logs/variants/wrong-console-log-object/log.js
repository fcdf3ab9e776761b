// Events go to stdout at once, as objects.
function write(level, msg, fields = {}) {
  console.log({ time: new Date().toISOString(), level, msg, ...fields });
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
};
