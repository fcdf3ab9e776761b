// Shortlinks' config: everything that varies between deploys, and nothing else.
// Each setting is its own environment variable, read once at start-up and checked,
// so a deploy with a missing or broken setting stops at once and says which one.
// Nothing here looks at NODE_ENV: every deploy sets every variable for itself.

/** @typedef {{ publicUrl: string, adminToken: string }} Config */

// Values from config.env fill in whatever the environment does not set.
try {
  process.loadEnvFile(new URL('./config.env', import.meta.url));
} catch {
  // No config.env file: the environment alone is used.
}

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

  if (problems.length > 0) {
    for (const problem of problems) console.error(`Config error: ${problem}`);
    process.exit(1);
  }
  return Object.freeze({ publicUrl: publicUrl.replace(/\/+$/, ''), adminToken });
}

function isHttpUrl(value) {
  try {
    const { protocol } = new URL(value);
    return protocol === 'http:' || protocol === 'https:';
  } catch {
    return false;
  }
}
