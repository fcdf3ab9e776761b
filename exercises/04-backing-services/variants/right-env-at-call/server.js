// Starts Shortlinks as a web service, once its backing service is configured.
import http from 'node:http';

const missing = ['LINKS_STORE_URL', 'LINKS_STORE_TOKEN'].filter((name) => !process.env[name]);
if (missing.length > 0) {
  console.error(`Cannot start: set ${missing.join(' and ')} (the links store to attach).`);
  process.exitCode = 2;
} else {
  // Loaded only now, so a deploy without a store never gets as far as the app.
  const { handleRequest } = await import('./app.js');
  // The platform gives each process its port in PORT (factor VII, port binding).
  const port = Number(process.env.PORT);
  http.createServer(handleRequest).listen(port, () => console.log(`listening on ${port}`));
}
