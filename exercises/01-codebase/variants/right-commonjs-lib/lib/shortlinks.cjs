'use strict';

const SAFE_SCHEMES = ['http:', 'https:'];

function send(res, status, value) {
  res.statusCode = status;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(value));
}

function parseTarget(text) {
  let url;
  try {
    url = new URL(String(text));
  } catch {
    return undefined;
  }
  return SAFE_SCHEMES.includes(url.protocol) ? url : undefined;
}

function create({ deploy, allowCustomCodes }) {
  const links = new Map([
    ['12f', 'https://12factor.net/'],
    ['codebase', 'https://12factor.net/codebase'],
  ]);

  function createLink(req, res) {
    let body = '';
    req.on('data', (chunk) => {
      body += chunk;
    });
    req.on('end', () => {
      let input;
      try {
        input = JSON.parse(body);
      } catch {
        return send(res, 400, { error: 'Send JSON like {"url": "https://example.org/"}' });
      }
      if (!parseTarget(input.url)) return send(res, 400, { error: 'Only http and https links can be shortened' });
      let code = Math.random().toString(36).slice(2, 8);
      if (allowCustomCodes && typeof input.code === 'string') {
        if (!/^[a-z0-9-]{1,32}$/.test(input.code)) return send(res, 400, { error: 'Bad code' });
        code = input.code;
      }
      if (links.has(code)) return send(res, 409, { error: `The code ${code} is taken` });
      links.set(code, input.url);
      send(res, 201, { code, url: input.url });
    });
  }

  return function handle(req, res) {
    const path = new URL(req.url || '/', 'http://x.invalid').pathname;
    if (req.method === 'GET' && path === '/health') return send(res, 200, { status: 'ok', service: 'shortlinks', deploy });
    if (req.method === 'GET' && path === '/links') return send(res, 200, Object.fromEntries(links));
    if (req.method === 'POST' && path === '/links') return createLink(req, res);
    const target = req.method === 'GET' && links.get(path.slice(1));
    if (target) {
      res.writeHead(302, { location: target });
      return res.end();
    }
    send(res, 404, { error: 'not found' });
  };
}

module.exports = { create };
