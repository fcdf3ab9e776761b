// Starts Shortlinks as a web service.
import http from 'node:http';

// Everything that differs between deploys comes from the environment. Stop before
// doing anything else when a required variable is missing or unusable.
const missing = ['PUBLIC_URL', 'ADMIN_TOKEN'].filter((name) => !process.env[name]);
if (missing.length) {
  console.error(`Missing required environment variable(s): ${missing.join(', ')}`);
  process.exit(1);
}
if (!URL.canParse(process.env.PUBLIC_URL) || !['http:', 'https:'].includes(new URL(process.env.PUBLIC_URL).protocol)) {
  console.error(`PUBLIC_URL must be an absolute http(s) URL, not ${JSON.stringify(process.env.PUBLIC_URL)}`);
  process.exit(1);
}

const { handleRequest } = await import('./app.js');

// The platform gives each process its port in PORT (factor VII, port binding, explains why).
const port = Number(process.env.PORT);
http.createServer(handleRequest).listen(port, () => console.log(`Shortlinks listening on port ${port}`));
