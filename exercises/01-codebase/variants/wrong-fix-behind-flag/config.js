// Everything that differs between deploys, read from the environment. The code is
// the same in every deploy (production, staging, each developer's laptop); only
// these values change. (Factor III, config, is about this file.)

/** @param {string} message */
function stop(message) {
  console.error(message);
  process.exit(1);
}

const { PORT, DEPLOY_NAME, CUSTOM_CODES = 'off', SAFE_URLS = 'off' } = process.env;

const port = Number(PORT);
if (!PORT || !Number.isInteger(port) || port < 1 || port > 65535) {
  stop(`PORT must be a port number (1-65535), got ${JSON.stringify(PORT)}.`);
}
if (!DEPLOY_NAME) stop('DEPLOY_NAME is not set: name this deploy, e.g. DEPLOY_NAME=dev-ana.');
if (CUSTOM_CODES !== 'on' && CUSTOM_CODES !== 'off') stop(`CUSTOM_CODES must be "on" or "off", got ${JSON.stringify(CUSTOM_CODES)}.`);

export const config = Object.freeze({
  port,
  deployName: DEPLOY_NAME,
  customCodes: CUSTOM_CODES === 'on',
  // The hot-fix, as a switch: production sets SAFE_URLS=on.
  safeUrls: SAFE_URLS === 'on',
});
