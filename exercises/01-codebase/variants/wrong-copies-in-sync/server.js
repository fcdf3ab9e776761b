// Starts the copy of Shortlinks that belongs to this deploy.
const copies = {
  production: './deploys/production/server.js',
  staging: './deploys/staging/server.js',
};
await import(copies[process.env.DEPLOY_NAME] ?? copies.staging);
