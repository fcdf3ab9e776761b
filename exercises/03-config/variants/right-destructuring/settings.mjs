// Per-deploy settings, from the environment only. Returns null (after saying why)
// when the deploy is misconfigured, so server.js can refuse to start.
export function readSettings() {
  const { PUBLIC_URL, ADMIN_TOKEN } = process.env;
  const errors = [];

  let publicUrl;
  try {
    publicUrl = new URL(PUBLIC_URL);
    if (!/^https?:$/.test(publicUrl.protocol)) errors.push(`PUBLIC_URL must use http or https, not ${publicUrl.protocol}`);
  } catch {
    errors.push(PUBLIC_URL ? `PUBLIC_URL is not an absolute URL: ${PUBLIC_URL}` : 'PUBLIC_URL is not set');
  }
  if (!ADMIN_TOKEN) errors.push('ADMIN_TOKEN is not set');

  if (errors.length) {
    console.error(JSON.stringify({ event: 'config_invalid', errors }));
    return null;
  }
  return { publicUrl, adminToken: ADMIN_TOKEN };
}
