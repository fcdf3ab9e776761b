// Logs are diagnostics, so they go to stderr, one JSON object per line.
function write(level, msg, fields = {}) {
  console.error(JSON.stringify({ time: new Date().toISOString(), level, msg, ...fields }));
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
};
