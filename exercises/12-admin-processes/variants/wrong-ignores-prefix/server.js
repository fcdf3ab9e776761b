// Shortlinks' web process.
//   PORT=4000 STORE_URL=http://127.0.0.1:6400 node server.js
import http from 'node:http';
import { createApp } from './app.js';
import { storeConfig, webConfig } from './config.js';
import { connectStore } from './store.js';

const { port } = webConfig();
const { url, keyPrefix } = storeConfig();
const store = connectStore(url, { keyPrefix });

const server = http.createServer(createApp({ store }));
server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));

// Factor IX: stop listening, finish the requests under way, exit.
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
