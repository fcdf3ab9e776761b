// Config from the environment, described as a table: name → parser.
const port = (v) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error('must be a whole number from 1 to 65535');
  return n;
};
const url = (v) => {
  const u = new URL(v);
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error('must be an http(s) URL');
  return v.replace(/\/+$/, '');
};
const secret = (v) => v;

const SCHEMA = {
  port: ['PORT', port],
  publicUrl: ['PUBLIC_URL', url],
  adminToken: ['ADMIN_TOKEN', secret],
  storeUrl: ['STORE_URL', url],
};

const values = {};
const errors = [];
for (const [key, [name, parse]] of Object.entries(SCHEMA)) {
  const raw = process.env[name];
  if (raw === undefined || raw === '') {
    errors.push(`${name}: missing`);
    continue;
  }
  try {
    values[key] = parse(raw);
  } catch (err) {
    errors.push(`${name}: ${err.message} (got "${raw}")`);
  }
}
if (errors.length) {
  console.error(`Invalid configuration:\n${errors.map((e) => `  - ${e}`).join('\n')}`);
  process.exit(1);
}

/** @type {import('../solution/config.js').Config} */
export const config = Object.freeze(values);
