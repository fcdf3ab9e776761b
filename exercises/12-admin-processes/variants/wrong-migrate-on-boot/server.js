// Shortlinks' web process.
//   PORT=4000 STORE_URL=http://127.0.0.1:6400 node server.js
import http from 'node:http';
import { createApp } from './app.js';
import { storeConfig, webConfig } from './config.js';
import { allCodes, fileUnderHost, findLink } from './links.js';
import { connectStore } from './store.js';

const { port } = webConfig();
const { url, keyPrefix } = storeConfig();
const store = connectStore(url, { keyPrefix });

// So that nobody forgets `npm run migrate` after a deploy: file the links at start-up too.
for (const code of await allCodes(store)) {
  const link = await findLink(store, code);
  if (link) await fileUnderHost(store, code, link.url);
}

const server = http.createServer(createApp({ store }));
server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));

process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeIdleConnections();
});
