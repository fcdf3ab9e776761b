import { webUrl } from './safe-url.js';

const CODE = /^[a-z0-9-]{1,32}$/;

export class Shortlinks {
  #links = new Map([
    ['12f', 'https://12factor.net/'],
    ['codebase', 'https://12factor.net/codebase'],
  ]);

  /** @param {{ deployName: string, customCodes: boolean }} settings */
  constructor(settings) {
    this.settings = settings;
  }

  async handle(req, res) {
    const { pathname } = new URL(req.url ?? '/', 'http://shortlinks.invalid');
    if (req.method === 'GET' && pathname === '/health') {
      return this.#send(res, 200, { status: 'ok', service: 'shortlinks', deploy: this.settings.deployName });
    }
    if (req.method === 'GET' && pathname === '/links') return this.#send(res, 200, Object.fromEntries(this.#links));
    if (req.method === 'POST' && pathname === '/links') return this.#create(req, res);
    const target = this.#links.get(pathname.slice(1));
    if (req.method === 'GET' && target) return res.writeHead(302, { location: target }).end();
    return this.#send(res, 404, { error: `No short link at ${pathname}` });
  }

  async #create(req, res) {
    const chunks = [];
    for await (const chunk of req) chunks.push(chunk);
    let input;
    try {
      input = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return this.#send(res, 400, { error: 'Send JSON' });
    }
    const url = webUrl(input?.url);
    if (!url) return this.#send(res, 400, { error: 'Only http and https URLs can be shortened' });
    if (input.code !== undefined && !this.settings.customCodes) {
      return this.#send(res, 403, { error: 'Custom codes are turned off for this deploy' });
    }
    if (input.code !== undefined && !CODE.test(String(input.code))) return this.#send(res, 400, { error: 'Bad code' });
    const code = input.code ?? Math.random().toString(36).slice(2, 8);
    if (this.#links.has(code)) return this.#send(res, 409, { error: `The code ${code} is taken` });
    this.#links.set(code, input.url);
    return this.#send(res, 201, { code, url: input.url });
  }

  #send(res, status, value) {
    res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(value));
  }
}
