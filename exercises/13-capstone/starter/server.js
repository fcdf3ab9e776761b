// Starts Shortlinks. Everything it needs is in config.js.
import http from 'node:http';
import { createApp } from './app.js';
import { config } from './config.js';
import { connectStore } from './store.js';

const store = connectStore(config.storeUrl);
const handle = await createApp(store);

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(`${req.method} ${req.url} failed: ${err.message}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'Shortlinks could not answer this request; its output says why' }));
  });
});

server.listen(config.port, () => console.log(`Shortlinks is up at ${config.publicUrl}`));
