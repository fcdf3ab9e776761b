// Config from the environment: both variables are required.
for (const name of ['PUBLIC_URL', 'ADMIN_TOKEN']) {
  if (!process.env[name]) {
    console.error(`Missing environment variable ${name}`);
    process.exit(1);
  }
}

export const config = {
  publicUrl: process.env.PUBLIC_URL,
  adminToken: process.env.ADMIN_TOKEN,
};
