// Shortlinks' config: everything that varies between deploys comes from the
// environment (factor III). Every process of the app reads its settings here.
//
//   STORE_URL         required   the key-value store, e.g. http://127.0.0.1:6400
//   STORE_KEY_PREFIX  optional   put in front of every key, for deploys that share one
//                                store (e.g. "staging:"); none by default
//   PORT              web only   the port the web process listens on (factor VII)

/** Where the store is and which keys are this deploy's. Stops the process when STORE_URL is missing. */
export function storeConfig() {
  return {
    url: required('STORE_URL', 'the address of the key-value store, for example http://127.0.0.1:6400'),
    keyPrefix: process.env.STORE_KEY_PREFIX ?? '',
  };
}

/** The web process's own settings. */
export function webConfig() {
  const port = Number(required('PORT', 'the port to listen on, for example 4000'));
  if (!Number.isInteger(port) || port < 1 || port > 65535) stop(`PORT must be a port number from 1 to 65535, not "${process.env.PORT}"`);
  return { port };
}

/** @param {string} name @param {string} what */
function required(name, what) {
  const value = process.env[name];
  if (!value) stop(`${name} is not set: it is ${what}`);
  return /** @type {string} */ (value);
}

/** @param {string} message @returns {never} */
function stop(message) {
  console.error(message);
  process.exit(1);
}
