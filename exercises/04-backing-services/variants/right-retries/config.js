// Shortlinks' config: everything that varies between deploys, and nothing else.
// Each setting is its own environment variable, read once at start-up and checked,
// so a deploy with a missing or broken setting stops at once and says which one.
// The links store is a backing service: its URL and token are config like the
// rest, so a deploy attaches whichever store it likes without a code change.

/** @typedef {{ publicUrl: string, adminToken: string, storeUrl: string, storeToken: string }} Config */

export const config = loadConfig(process.env);

/**
 * @param {NodeJS.ProcessEnv} env
 * @returns {Config}
 */
function loadConfig(env) {
  const problems = [];

  const publicUrl = env.PUBLIC_URL?.trim();
  if (!publicUrl) {
    problems.push('PUBLIC_URL is not set. Give the base URL of the short links, e.g. PUBLIC_URL=https://sho.example.com');
  } else if (!isHttpUrl(publicUrl)) {
    problems.push(`PUBLIC_URL must be an absolute http:// or https:// URL, but it is "${publicUrl}".`);
  }

  const adminToken = env.ADMIN_TOKEN;
  if (!adminToken) {
    problems.push('ADMIN_TOKEN is not set. Give the secret that DELETE /links/<code> expects, e.g. ADMIN_TOKEN=$(openssl rand -hex 32)');
  }

  const storeUrl = env.LINKS_STORE_URL?.trim();
  if (!storeUrl) {
    problems.push('LINKS_STORE_URL is not set. Give the URL of the links store, e.g. LINKS_STORE_URL=http://127.0.0.1:7379');
  } else if (!isHttpUrl(storeUrl)) {
    problems.push(`LINKS_STORE_URL must be an absolute http:// or https:// URL, but it is "${storeUrl}".`);
  }

  const storeToken = env.LINKS_STORE_TOKEN;
  if (!storeToken) {
    problems.push('LINKS_STORE_TOKEN is not set. Give the token of the links store (node dev.js prints one for a local store).');
  }

  if (problems.length > 0) {
    for (const problem of problems) console.error(`Config error: ${problem}`);
    process.exit(1);
  }
  return Object.freeze({
    publicUrl: publicUrl.replace(/\/+$/, ''),
    adminToken,
    storeUrl: storeUrl.replace(/\/+$/, ''),
    storeToken,
  });
}

function isHttpUrl(value) {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
