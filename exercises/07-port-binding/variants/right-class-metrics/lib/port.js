/** A configuration mistake the operator must fix: reported in one line, not as a stack trace. */
export class ConfigError extends Error {
  name = 'ConfigError';
}

/**
 * The port to listen on, from PORT: a whole number from 1 to 65535, or a ConfigError.
 * @param {NodeJS.ProcessEnv} env
 */
export function readPort(env) {
  const raw = env.PORT;
  if (raw === undefined || raw.trim() === '') {
    throw new ConfigError('PORT is not set; start Shortlinks with the port to listen on, e.g. PORT=4000 node server.js');
  }
  const port = Number(raw);
  if (!Number.isSafeInteger(port) || port < 1 || port > 65_535) {
    throw new ConfigError(`PORT=${JSON.stringify(raw)} is not a port number (a whole number from 1 to 65535)`);
  }
  return port;
}
