// Starts Shortlinks: config from the environment, state in the store, graceful stop.
import { once } from 'node:events';
import http from 'node:http';
import { createApp } from './app.js';
import { config } from './config.js';
import { connectStore } from './store.js';

const handle = createApp({ store: connectStore(config.storeUrl), config });
const server = http.createServer((req, res) =>
  handle(req, res).catch((err) => {
    console.error(err.message);
    if (!res.headersSent) res.writeHead(500);
    res.end();
  }),
);
server.listen(config.port);
await once(server, 'listening');
console.log(`Shortlinks on port ${config.port}`);

await once(process, 'SIGTERM');
console.log('SIGTERM: draining');
const closed = new Promise((resolve) => server.close(resolve));
server.closeIdleConnections();
await closed;
process.exit(0);
