// Shortlinks, production copy.
import http from 'node:http';
import { handleRequest } from './links.js';

const DEPLOY = 'production';

// The port comes from the environment (factor VII, port binding, explains why).
const port = Number(process.env.PORT);

http.createServer((req, res) => handleRequest(req, res, DEPLOY)).listen(port, () => {
  console.log(`Shortlinks (${DEPLOY}) listening on port ${port}`);
});
