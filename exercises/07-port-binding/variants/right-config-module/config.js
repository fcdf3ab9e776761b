// All configuration the process reads, validated once at start-up.
function requirePort(env) {
  const raw = env.PORT;
  if (!raw) throw new Error('Missing PORT: set PORT to the port Shortlinks should listen on.');
  if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 65535) {
    throw new Error(`Invalid PORT "${raw}": expected a port number between 1 and 65535.`);
  }
  return Number(raw);
}

export const config = Object.freeze({ port: requirePort(process.env) });
