// Config from the environment. The public URL is not needed: app.js builds links from the request.
const adminToken = process.env.ADMIN_TOKEN;
if (!adminToken) {
  console.error('ADMIN_TOKEN is not set');
  process.exit(1);
}

export const config = { adminToken };
