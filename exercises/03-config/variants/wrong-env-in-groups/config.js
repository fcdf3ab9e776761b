// Settings for each of our environments. NODE_ENV picks one; production reads the platform's variables.
const environments = {
  development: {
    publicUrl: 'http://localhost:8080',
    adminToken: 'dev-admin',
  },
  production: {
    publicUrl: process.env.PUBLIC_URL,
    adminToken: process.env.ADMIN_TOKEN,
  },
};

export const config = environments[process.env.NODE_ENV || 'development'];

if (!config.publicUrl || !config.adminToken) {
  console.error('PUBLIC_URL and ADMIN_TOKEN must be set in production');
  process.exit(1);
}
