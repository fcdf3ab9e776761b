// Config comes from the environment now.
const publicUrl = process.env.PUBLIC_URL;
if (!publicUrl || !/^https?:\/\//.test(publicUrl)) {
  console.error('PUBLIC_URL must be set to an absolute http(s) URL');
  process.exit(1);
}

export const config = {
  publicUrl: publicUrl.replace(/\/$/, ''),
  // Keep production working while the platform team adds ADMIN_TOKEN.
  adminToken: process.env.ADMIN_TOKEN || 'shl_live_4f9c2a7e81b03d56e9a1c4b7f20d8e63',
};
