// Deploy settings, one environment variable each. A missing one is thrown as an
// error that names it: Node prints it and exits with code 1.
const env = process.env;

function need(name) {
  if (!env[name]) throw new Error(`${name} is required but not set`);
  return env[name];
}

export const config = {
  publicUrl: need('PUBLIC_URL').replace(/\/+$/, ''),
  adminToken: need('ADMIN_TOKEN'),
  storeUrl: need('LINKS_STORE_URL'),
  storeToken: need('LINKS_STORE_TOKEN'),
};
