// Shortlinks, shared by every deploy. Each deploys/<name>.js sets its defaults, then imports this.
import http from 'node:http';
import { createHandler } from './links.js';

const port = Number(process.env.PORT);
const handler = createHandler({ deployName: process.env.DEPLOY_NAME, customCodes: process.env.CUSTOM_CODES === 'on' });
http.createServer(handler).listen(port, () => console.log(`Shortlinks listening on port ${port}`));
