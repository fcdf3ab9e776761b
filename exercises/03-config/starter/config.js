// Settings for each of our environments. NODE_ENV picks one.
const environments = {
  development: {
    publicUrl: 'http://localhost:8080',
    adminToken: 'dev-admin',
  },
  production: {
    publicUrl: 'https://sho.example.com',
    adminToken: 'shl_live_4f9c2a7e81b03d56e9a1c4b7f20d8e63',
  },
};

export const config = environments[process.env.NODE_ENV || 'development'];
