// Shortlinks' config: every setting that varies between deploys, and nothing else
// (factor III). Each one is its own environment variable, read once at start-up and
// checked, so a deploy with a missing or broken setting stops at once and says which.
// Nothing here looks at NODE_ENV, and no value has a default written in the code:
// the port comes from the platform (factor VII), the store is an attached resource
// located by its URL (factor IV), and the admin token is a credential.

/** @typedef {{ port: number, publicUrl: string, adminToken: string, storeUrl: string }} Config */

export const config = loadConfig(process.env);

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {Config}
 */
function loadConfig(env) {
  const problems = [];

  const port = Number(env.PORT);
  if (!env.PORT) problems.push('PORT is not set. The platform gives each web process its port in PORT, e.g. PORT=4000');
  else if (!Number.isInteger(port) || port < 1 || port > 65535) problems.push(`PORT must be a whole number from 1 to 65535, but it is "${env.PORT}".`);

  const publicUrl = httpUrl(env, 'PUBLIC_URL', 'the base URL of the short links, e.g. PUBLIC_URL=https://sho.example.com', problems);
  const storeUrl = httpUrl(env, 'STORE_URL', 'the address of the key-value store, e.g. STORE_URL=http://localhost:6400', problems);

  const adminToken = env.ADMIN_TOKEN;
  if (!adminToken) problems.push('ADMIN_TOKEN is not set. Give the secret that DELETE /links/<code> expects, e.g. ADMIN_TOKEN=$(openssl rand -hex 32)');

  if (problems.length > 0) {
    for (const problem of problems) console.error(`Config error: ${problem}`);
    process.exit(1);
  }
  return Object.freeze({ port, publicUrl: publicUrl.replace(/\/+$/, ''), adminToken: /** @type {string} */ (adminToken), storeUrl });
}

/** The value of `name` if it is an absolute http(s) URL; otherwise a problem is noted. */
function httpUrl(env, name, what, problems) {
  const value = env[name]?.trim();
  if (!value) {
    problems.push(`${name} is not set. Give ${what}`);
    return '';
  }
  try {
    const { protocol } = new URL(value);
    if (protocol === 'http:' || protocol === 'https:') return value;
  } catch {
    // reported below
  }
  problems.push(`${name} must be an absolute http:// or https:// URL, but it is "${value}".`);
  return '';
}
