// Starts Shortlinks: one codebase for every deploy.
import http from 'node:http';
import { createHandler } from './links.js';

const port = Number(process.env.PORT);
const isProduction = process.env.NODE_ENV === 'production';

const handler = createHandler({
  deployName: process.env.DEPLOY_NAME,
  // Custom codes are still being tried out: not in production yet.
  customCodes: !isProduction,
});

http.createServer(handler).listen(port, () => console.log(`Shortlinks listening on port ${port}`));
