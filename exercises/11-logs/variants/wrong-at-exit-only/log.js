// The events of the whole run, written out when the process exits.
const events = [];
process.on('exit', () => {
  for (const event of events) process.stdout.write(`${JSON.stringify(event)}\n`);
});

function write(level, msg, fields = {}) {
  events.push({ time: new Date().toISOString(), level, msg, ...fields });
}

export const log = {
  info: (msg, fields) => write('info', msg, fields),
  warn: (msg, fields) => write('warn', msg, fields),
  error: (msg, fields) => write('error', msg, fields),
};
