// Starts Shortlinks. Per-deploy settings live in deploys.json, keyed by deploy name.
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { createHandler } from './links.js';

const deployName = process.env.DEPLOY_NAME ?? 'default';
const all = JSON.parse(readFileSync(new URL('./deploys.json', import.meta.url), 'utf8'));
const settings = all[deployName] ?? all.default;

const port = Number(process.env.PORT);
http.createServer(createHandler({ deployName, customCodes: settings.customCodes })).listen(port, () => {
  console.log(`Shortlinks (${deployName}) listening on port ${port}`);
});
