// One entry point, one role per process: `node shortlinks.js web --port 4000`
// or `node shortlinks.js worker`. The Procfile says which process runs which role.
import http from 'node:http';
import { parseArgs } from 'node:util';
import { createApp } from './app.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';
import { fetchTitle } from './titles.js';

const { positionals, values } = parseArgs({ allowPositionals: true, options: { port: { type: 'string' } } });
const role = positionals[0];
const store = connectStore(required('STORE_URL'));
const queue = connectQueue(required('QUEUE_URL'));

function required(name) {
  const value = process.env[name];
  if (!value) {
    console.error(`${name} is missing`);
    process.exit(1);
  }
  return value;
}

const roles = {
  web() {
    const port = Number(values.port);
    if (!Number.isInteger(port) || port <= 0) throw new Error('web needs --port <number>');
    const handle = createApp(store, queue);
    const server = http.createServer((req, res) =>
      handle(req, res).catch((err) => {
        console.error(`${req.method} ${req.url}: ${err.message}`);
        if (!res.headersSent) res.writeHead(500);
        res.end();
      }),
    );
    server.listen(port, () => console.log(`[web] port ${port}`));
  },
  async worker() {
    console.log('[worker] ready');
    while (true) {
      const job = await queue.reserve('titles').catch((err) => (console.error(`[worker] ${err.message}`), undefined));
      if (job === undefined) {
        await new Promise((r) => setTimeout(r, 300));
        continue;
      }
      const key = `link:${job.payload.code}`;
      const link = await store.getJson(key);
      if (link) await store.setJson(key, { ...link, title: await fetchTitle(link.url) });
      await queue.ack(job.id);
    }
  },
};

if (!(role in roles)) {
  console.error('Usage: node shortlinks.js web --port <port> | node shortlinks.js worker');
  process.exit(1);
}
await roles[role]();
