// Starts Shortlinks. It binds the port given in PORT (factor VII explains why)
// and finds its key-value store at STORE_URL (factors III and IV).
//
// It also does the background work: every second it looks for links without a
// title and fetches their target pages.
import http from 'node:http';
import { createApp } from './app.js';
import { connectStore } from './store.js';
import { fetchTitle } from './titles.js';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('PORT must be a port number, for example: PORT=4000 STORE_URL=http://localhost:6400 node server.js');
  process.exit(1);
}
if (!process.env.STORE_URL) {
  console.error('STORE_URL is not set: it is the address of the key-value store, for example http://localhost:6400');
  process.exit(1);
}

const store = connectStore(process.env.STORE_URL);
const handle = createApp(store);

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(`${req.method} ${req.url} failed: ${err.message}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'Shortlinks could not answer this request; its output says why' }));
  });
});
server.listen(port, () => console.log(`Shortlinks listening on port ${port}`));

// Background work, on a timer, inside the web process.
let busy = false;
setInterval(async () => {
  if (busy) return;
  busy = true;
  try {
    for (const key of await store.keys('link:')) {
      const link = await store.getJson(key);
      if (!link || link.title !== null) continue;
      link.title = await fetchTitle(link.url);
      await store.setJson(key, link);
      console.log(`${key}: title ${JSON.stringify(link.title)}`);
    }
  } catch (err) {
    console.error(`Fetching titles failed: ${err.message}`);
  } finally {
    busy = false;
  }
}, 1000);
