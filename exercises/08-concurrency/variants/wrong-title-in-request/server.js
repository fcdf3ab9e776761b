// The web process: answers HTTP and nothing else. It binds the port given in
// PORT (factor VII), finds the key-value store at STORE_URL and the job queue at
// QUEUE_URL (factors III and IV). Slow work goes to the queue, for a worker.
// It runs in the foreground: its output goes to stdout and stderr, and whoever
// started it (a platform, Foreman, systemd, dev.js) watches it.
import http from 'node:http';
import { createApp } from './app.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

const port = Number(process.env.PORT);
if (!Number.isInteger(port) || port < 1 || port > 65535) {
  console.error('PORT must be a port number, for example: PORT=4000 STORE_URL=… QUEUE_URL=… node server.js');
  process.exit(1);
}
for (const name of ['STORE_URL', 'QUEUE_URL']) {
  if (!process.env[name]) {
    console.error(`${name} is not set: it is the address of a backing service, for example http://localhost:6400`);
    process.exit(1);
  }
}

const handle = createApp(connectStore(process.env.STORE_URL), connectQueue(process.env.QUEUE_URL));

const server = http.createServer((req, res) => {
  handle(req, res).catch((err) => {
    console.error(`${req.method} ${req.url} failed: ${err.message}`);
    if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ error: 'Shortlinks could not answer this request; its output says why' }));
  });
});
server.listen(port, () => console.log(`web: listening on port ${port}`));
