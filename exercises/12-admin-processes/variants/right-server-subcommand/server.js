// Shortlinks' processes, one entry point:
//   PORT=4000 STORE_URL=… node server.js           the web process
//   STORE_URL=… node server.js migrate             0.12's migration, a one-off process
import http from 'node:http';
import { createApp } from './app.js';
import { storeConfig, webConfig } from './config.js';
import { fileLinksUnderHosts } from './migrate-hosts.js';
import { connectStore } from './store.js';

const { url, keyPrefix } = storeConfig();
const store = connectStore(url, { keyPrefix });

if (process.argv[2] === 'migrate') {
  const { seen, filed } = await fileLinksUnderHosts(store);
  console.log(`migrate: ${filed} of ${seen} links filed`);
} else {
  const { port } = webConfig();
  const server = http.createServer(createApp({ store }));
  server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));
  process.once('SIGTERM', () => {
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  });
}
