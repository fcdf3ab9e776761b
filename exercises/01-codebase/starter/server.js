// Starts Shortlinks. Each deploy has its own copy of the app under deploys/:
// this file picks the copy that belongs to the deploy named in DEPLOY_NAME.
const deploy = process.env.DEPLOY_NAME;

if (deploy === 'production') {
  await import('./deploys/production/server.js');
} else {
  // staging, and anything else (developers run the staging copy on their laptops)
  await import('./deploys/staging/server.js');
}
