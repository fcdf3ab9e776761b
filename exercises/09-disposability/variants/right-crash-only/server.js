// Web process: listen first, drain on SIGTERM.
import http from 'node:http';
import { createApp } from './app.js';
import { config } from './config.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

const server = http.createServer(createApp({ store: connectStore(config.storeUrl), queue: connectQueue(config.queueUrl) }));
server.listen(config.port, () => console.log(`Shortlinks listening on port ${config.port}`));

process.on('SIGTERM', () => {
  console.log('SIGTERM: draining');
  server.close((err) => process.exit(err ? 1 : 0));
  server.closeIdleConnections();
});
