// A throwaway key-value store for trying Shortlinks on your own machine. It
// speaks the same HTTP API as the store the tests start (see store.js) and
// keeps everything in its own memory: it is the backing service here, the
// one process that is allowed to hold state, and it forgets it when stopped.
//
//   PORT=6400 node kv-store.js
//   STORE_URL=http://localhost:6400 PORT=4000 node server.js
//   STORE_URL=http://localhost:6400 PORT=4001 node server.js
import http from 'node:http';

const data = new Map();

http
  .createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const path = (req.url ?? '/').split('?')[0];
      const send = (status, body) => {
        if (body === undefined) return res.writeHead(status).end();
        res.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' }).end(body);
      };
      if (path === '/keys' && req.method === 'GET') return send(200, JSON.stringify([...data.keys()]));
      const m = /^\/keys\/(.+)$/.exec(path);
      if (!m) return send(404, 'use /keys/:key');
      const key = decodeURIComponent(m[1]);
      if (req.method === 'GET') return data.has(key) ? send(200, data.get(key)) : send(404, `no key ${key}`);
      if (req.method === 'PUT') return data.set(key, Buffer.concat(chunks).toString('utf8')), send(204);
      if (req.method === 'DELETE') return data.delete(key), send(204);
      send(405, 'GET, PUT or DELETE');
    });
  })
  .listen(port(), function () {
    console.log(`Key-value store listening on port ${this.address().port} (STORE_URL=http://localhost:${this.address().port})`);
  });

function port() {
  const value = Number(process.env.PORT);
  if (Number.isInteger(value) && value > 0 && value < 65536) return value;
  console.error('PORT is not a port number. Start the store with, for example: PORT=6400 node kv-store.js');
  process.exit(1);
}
