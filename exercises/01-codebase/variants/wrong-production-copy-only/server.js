// Starts Shortlinks. Production is the source of truth: every deploy runs its code.
import http from 'node:http';
import { handleRequest } from './links.js';

const deploy = process.env.DEPLOY_NAME;
const port = Number(process.env.PORT);

http.createServer((req, res) => handleRequest(req, res, deploy)).listen(port, () => {
  console.log(`Shortlinks (${deploy}) listening on port ${port}`);
});
