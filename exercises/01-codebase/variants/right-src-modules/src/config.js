/**
 * The deploy's settings. Nothing here knows which deploys exist: each value is
 * one variable, and any deploy may set it to anything.
 * @param {NodeJS.ProcessEnv} env
 */
export function readConfig(env) {
  const port = Number.parseInt(env.PORT ?? '', 10);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`PORT must be a port number, got ${env.PORT}`);
  return {
    port,
    deployName: env.DEPLOY_NAME || 'unnamed',
    customCodes: env.CUSTOM_CODES === 'on',
  };
}
