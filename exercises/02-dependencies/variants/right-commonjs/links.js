'use strict';
// Shortlinks: short codes for long URLs, and redirects back. Node built-ins only.
const crypto = require('crypto');
const net = require('net');

const links = new Map([
  ['12f', 'https://12factor.net/'],
  ['deps', 'https://12factor.net/dependencies'],
]);

function handleRequest(req, res) {
  const { pathname } = new URL(req.url || '/', 'http://shortlinks.invalid');
  if (req.method === 'GET' && pathname === '/health') return sendJson(res, 200, { status: 'ok', service: 'shortlinks' });
  if (req.method === 'GET' && pathname === '/links') return sendJson(res, 200, Object.fromEntries(links));
  if (req.method === 'POST' && pathname === '/links') return createLink(req, res);
  const target = links.get(pathname.slice(1));
  if (req.method === 'GET' && target) return void res.writeHead(302, { location: target }).end();
  sendJson(res, 404, { error: `No short link at ${pathname}` });
}

function createLink(req, res) {
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    let input;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      new URL(input.url);
    } catch {
      return sendJson(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
    }
    listening(input.url, (ok) => {
      if (!ok) return sendJson(res, 422, { error: `Nothing answers at ${input.url}` });
      const code = crypto.randomBytes(4).toString('hex');
      links.set(code, input.url);
      sendJson(res, 201, { code, url: input.url });
    });
  });
}

/** Whether something accepts a TCP connection at the URL's host and port (within 3 s). */
function listening(url, done) {
  const { hostname, port, protocol } = new URL(url);
  const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ''), port: Number(port) || (protocol === 'https:' ? 443 : 80) });
  const finish = (ok) => {
    socket.destroy();
    done(ok);
  };
  socket.setTimeout(3000, () => finish(false));
  socket.once('connect', () => finish(true));
  socket.once('error', () => finish(false));
}

function sendJson(res, status, value) {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
}

module.exports = { handleRequest };
