// Every deploy-specific setting, from the environment. No defaults, no NODE_ENV.
function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is not set`);
    process.exit(1);
  }
  return value;
}

function httpUrl(name) {
  const value = required(name);
  if (!/^https?:\/\/[^/]/.test(value)) {
    console.error(`${name} must start with http:// or https:// (it is "${value}")`);
    process.exit(1);
  }
  return value.replace(/\/+$/, '');
}

function portNumber(name) {
  const value = required(name);
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    console.error(`${name} must be a port number from 1 to 65535 (it is "${value}")`);
    process.exit(1);
  }
  return port;
}

export const config = {
  port: portNumber('PORT'),
  publicUrl: httpUrl('PUBLIC_URL'),
  adminToken: required('ADMIN_TOKEN'),
  storeUrl: httpUrl('STORE_URL'),
};
