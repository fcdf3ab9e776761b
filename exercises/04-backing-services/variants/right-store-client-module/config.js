// Everything that differs between deploys, from the environment, checked at start-up.

function required(name) {
  const value = process.env[name]?.trim();
  if (!value) {
    console.error(`Missing configuration: ${name} must be set.`);
    process.exit(1);
  }
  return value;
}

function httpUrl(name) {
  const value = required(name);
  let url;
  try {
    url = new URL(value);
  } catch {
    url = null;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    console.error(`Bad configuration: ${name} must be an http(s) URL, got "${value}".`);
    process.exit(1);
  }
  return value.replace(/\/+$/, '');
}

export const config = Object.freeze({
  publicUrl: httpUrl('PUBLIC_URL'),
  adminToken: required('ADMIN_TOKEN'),
  linksStore: Object.freeze({
    url: httpUrl('LINKS_STORE_URL'),
    token: required('LINKS_STORE_TOKEN'),
  }),
});
