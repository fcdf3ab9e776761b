// One codebase, many deploys: the environment is the only thing that differs.
import { createServer } from 'node:http';
import shortlinks from './lib/shortlinks.cjs';

const { PORT, DEPLOY_NAME, CUSTOM_CODES } = process.env;

if (!PORT) {
  console.error('PORT is not set');
  process.exit(1);
}

const handler = shortlinks.create({
  deploy: DEPLOY_NAME ?? '',
  allowCustomCodes: (CUSTOM_CODES ?? 'off').toLowerCase() === 'on',
});

createServer(handler).listen(Number(PORT), () => console.log(`listening on ${PORT} as ${DEPLOY_NAME}`));
