// Shortlinks' settings, one group per environment. Pick one with NODE_ENV
// (development when it is not set). Add a group when we get a new environment.
const environments = {
  development: {
    port: 8080,
    publicUrl: 'http://localhost:8080',
    adminToken: 'dev-admin',
    storeUrl: 'http://localhost:6400',
  },
  production: {
    port: 8080,
    publicUrl: 'https://sho.rt',
    // The live admin token. Do not share this file.
    adminToken: 'shl_live_d7700966d197ad12b83565e62ac0fa2a',
    storeUrl: 'http://store.internal:6400',
  },
};

export const config = environments[process.env.NODE_ENV || 'development'] ?? environments.development;
