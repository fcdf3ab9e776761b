// Production must set everything; elsewhere, friendly defaults so `node server.js` just works.
const production = process.env.NODE_ENV === 'production';

function setting(name, localDefault) {
  const value = process.env[name];
  if (value) return value;
  if (production) {
    console.error(`${name} is not set`);
    process.exit(1);
  }
  return localDefault;
}

const publicUrl = setting('PUBLIC_URL', 'http://localhost:8080');
if (!/^https?:\/\/[^/]/.test(publicUrl)) {
  console.error(`PUBLIC_URL must be an absolute http(s) URL, got "${publicUrl}"`);
  process.exit(1);
}

export const config = {
  publicUrl: publicUrl.replace(/\/$/, ''),
  adminToken: setting('ADMIN_TOKEN', 'dev-admin'),
};
