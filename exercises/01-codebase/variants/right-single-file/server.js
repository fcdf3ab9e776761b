// Shortlinks: one codebase, many deploys. Every deploy runs this file; what
// differs between deploys comes from the environment.
import http from 'node:http';

const port = Number(process.env.PORT);
const deployName = process.env.DEPLOY_NAME ?? 'unnamed';
const customCodes = /^(on|true|yes|1)$/i.test(process.env.CUSTOM_CODES ?? '');

const links = new Map([
  ['12f', 'https://12factor.net/'],
  ['codebase', 'https://12factor.net/codebase'],
]);

const json = (res, status, value) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));

async function readJson(req) {
  let text = '';
  for await (const chunk of req) {
    text += chunk;
    if (text.length > 10_000) throw new Error('too large');
  }
  return JSON.parse(text);
}

async function createLink(req, res) {
  let input;
  let target;
  try {
    input = await readJson(req);
    target = new URL(input.url);
  } catch {
    return json(res, 400, { error: 'Send JSON like {"url": "https://example.org/a/long/path"}' });
  }
  if (!['http:', 'https:'].includes(target.protocol)) return json(res, 400, { error: 'Only http and https links can be shortened' });

  const chosen = customCodes && typeof input.code === 'string' ? input.code : undefined;
  if (chosen !== undefined && !/^[a-z0-9-]{1,32}$/.test(chosen)) return json(res, 400, { error: 'A code is 1 to 32 characters: a-z, 0-9 and -' });
  const code = chosen ?? Math.random().toString(36).slice(2, 8);
  if (links.has(code)) return json(res, 409, { error: `The code ${code} is taken` });
  links.set(code, input.url);
  return json(res, 201, { code, url: input.url });
}

const server = http.createServer((req, res) => {
  const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');
  switch (`${req.method} ${pathname}`) {
    case 'GET /health':
      return json(res, 200, { status: 'ok', service: 'shortlinks', deploy: deployName });
    case 'GET /links':
      return json(res, 200, Object.fromEntries(links));
    case 'POST /links':
      return void createLink(req, res);
    default: {
      const target = req.method === 'GET' ? links.get(pathname.slice(1)) : undefined;
      if (target) return void res.writeHead(302, { location: target }).end();
      return json(res, 404, { error: `No short link at ${pathname}` });
    }
  }
});

server.listen(port, () => console.log(`Shortlinks (${deployName}) listening on port ${port}`));
