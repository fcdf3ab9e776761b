// Shortlinks' web process, with its own connection bookkeeping (the way
// http-terminator and similar libraries drain a server).
import http from 'node:http';
import { createApp } from './app.js';
import { connectQueue } from './queue.js';
import { connectStore } from './store.js';

const missing = ['PORT', 'STORE_URL', 'QUEUE_URL'].filter((name) => !process.env[name]);
if (missing.length) {
  console.error(`missing configuration: ${missing.join(', ')}`);
  process.exit(1);
}

const store = connectStore(process.env.STORE_URL);
const queue = connectQueue(process.env.QUEUE_URL);
const handle = createApp({ store, queue });

/** Requests under way, per connection. @type {Map<import('node:net').Socket, number>} */
const connections = new Map();
let draining = false;

const server = http.createServer((req, res) => {
  const socket = req.socket;
  connections.set(socket, (connections.get(socket) ?? 0) + 1);
  res.on('finish', () => {
    const left = (connections.get(socket) ?? 1) - 1;
    connections.set(socket, left);
    if (draining) socket.end();
  });
  if (draining) res.setHeader('connection', 'close');
  handle(req, res);
});
server.on('connection', (socket) => {
  connections.set(socket, 0);
  socket.once('close', () => connections.delete(socket));
});

server.listen(Number(process.env.PORT), () => console.log(JSON.stringify({ event: 'listening', port: Number(process.env.PORT) })));

process.on('SIGTERM', () => {
  if (draining) return;
  draining = true;
  console.log(JSON.stringify({ event: 'draining', connections: connections.size }));
  server.close(() => {
    console.log(JSON.stringify({ event: 'drained' }));
    process.exitCode = 0;
  });
  for (const [socket, busy] of connections) if (busy === 0) socket.end();
});
