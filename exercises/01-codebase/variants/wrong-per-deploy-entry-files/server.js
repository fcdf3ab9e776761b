// Runs the entry file of this deploy (deploys/<name>.js), or the development one.
import { existsSync } from 'node:fs';

const name = process.env.DEPLOY_NAME ?? 'development';
const entry = existsSync(new URL(`./deploys/${name}.js`, import.meta.url)) ? name : 'development';
await import(`./deploys/${entry}.js`);
