import { once } from 'node:events';
import { createServer } from 'node:http';
import { handleRequest } from '../links.js';

/** Shortlinks as a self-contained HTTP service: its own server, plus /metrics on the same port. */
export class ShortlinksServer {
  #server = createServer((req, res) => this.#handle(req, res));
  #requests = 0;

  /** @param {import('node:http').IncomingMessage} req @param {import('node:http').ServerResponse} res */
  #handle(req, res) {
    this.#requests += 1;
    if (req.method === 'GET' && req.url === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(`shortlinks_requests_total ${this.#requests}\n`);
      return;
    }
    handleRequest(req, res);
  }

  /** Binds `port` and resolves with the address actually bound. @param {number} port */
  async listen(port) {
    this.#server.listen({ port });
    await once(this.#server, 'listening');
    return /** @type {import('node:net').AddressInfo} */ (this.#server.address());
  }
}
