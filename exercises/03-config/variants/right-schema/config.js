// A tiny schema for the environment: one parser per variable. Every problem is
// collected and reported at once, as one Error thrown at start-up.

const httpUrl = (value) => {
  const url = URL.canParse(value) ? new URL(value) : null;
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) throw new Error('must be an absolute http:// or https:// URL');
  return value.replace(/\/+$/, '');
};

const secret = (value) => {
  if (value.trim() === '') throw new Error('must not be empty');
  return value;
};

/**
 * @template {Record<string, (value: string) => unknown>} S
 * @param {S} schema
 * @param {Record<string, string | undefined>} env
 * @returns {{ [K in keyof S]: ReturnType<S[K]> }}
 */
function parseEnv(schema, env) {
  const values = {};
  const errors = [];
  for (const [name, parse] of Object.entries(schema)) {
    const raw = env[name];
    if (raw === undefined) {
      errors.push(`${name} is required but not set`);
      continue;
    }
    try {
      values[name] = parse(raw);
    } catch (err) {
      errors.push(`${name} ${err.message} (got ${JSON.stringify(raw)})`);
    }
  }
  if (errors.length) throw new Error(`Invalid configuration:\n  ${errors.join('\n  ')}`);
  return values;
}

export const { PUBLIC_URL: publicUrl, ADMIN_TOKEN: adminToken } = parseEnv({ PUBLIC_URL: httpUrl, ADMIN_TOKEN: secret }, process.env);
