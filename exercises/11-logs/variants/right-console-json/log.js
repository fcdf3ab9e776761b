// Logs are an event stream: one JSON object per line on stdout, printed when the
// event happens. The platform decides where the stream goes.
const emit = (level) => (message, fields = {}) => {
  console.log(JSON.stringify({ timestamp: new Date().toISOString(), level, message, ...fields }));
};

export const log = { info: emit('info'), warn: emit('warn'), error: emit('error') };
