// Shortlinks, staging copy (now reads its settings from the environment).
import http from 'node:http';
import { handleRequest } from './links.js';

const deploy = process.env.DEPLOY_NAME;
const customCodes = process.env.CUSTOM_CODES === 'on';
const port = Number(process.env.PORT);

http.createServer((req, res) => handleRequest(req, res, deploy, customCodes)).listen(port, () => {
  console.log(`Shortlinks (${deploy}) listening on port ${port}`);
});
