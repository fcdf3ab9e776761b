/**
 * Serves the built site (`dist/`) with sirv: correct MIME types, ETags,
 * compression (br/gzip via `compression`), long immutable caching for Astro's
 * hashed `/_astro/*` assets and revalidation for everything else, the site's
 * own 404.html for unknown paths, and an optional base path. Isolation headers
 * are set by app.ts before this handler runs, so every response carries them.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join } from 'node:path';
import compression from 'compression';
import sirv from 'sirv';

export interface StaticOptions {
  distDir: string;
  /** Starts and ends with "/". */
  basePath: string;
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';

/** Types sirv (mrmime) does not know; an empty Content-Type is worse than a generic one. */
const EXTRA_TYPES: Record<string, string> = {
  '.pf_meta': 'application/octet-stream',
  '.pf_index': 'application/octet-stream',
  '.pf_fragment': 'application/octet-stream',
  '.pagefind': 'application/octet-stream',
};

const FALLBACK_404 = '<!doctype html><meta charset="utf-8"><title>Not found</title><p>Page not found.</p>\n';

export class MissingBuildError extends Error {
  constructor(distDir: string) {
    super(`No built site in ${distDir}: run "npm run build" first (or use "npm start", which builds when needed).`);
    this.name = 'MissingBuildError';
  }
}

export function createStaticHandler(options: StaticOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const { distDir, basePath } = options;
  if (!existsSync(distDir) || !statSync(distDir).isDirectory()) throw new MissingBuildError(distDir);
  const notFoundPage = existsSync(join(distDir, '404.html')) ? readFileSync(join(distDir, '404.html')) : Buffer.from(FALLBACK_404);

  // @types/compression describes Express requests; the middleware itself only needs Node's.
  const compress = compression() as unknown as (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  const serve = sirv(distDir, {
    dev: false,
    etag: true,
    dotfiles: false,
    extensions: ['html'],
    setHeaders(res, pathname) {
      const extra = EXTRA_TYPES[extname(pathname)];
      if (extra) res.setHeader('Content-Type', extra);
    },
  });

  const notFound = (res: ServerResponse) => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Content-Length', notFoundPage.length);
    res.end(notFoundPage);
  };

  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end('Method not allowed\n');
      return;
    }
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    const query = q < 0 ? '' : url.slice(q);

    let inner = path;
    if (basePath !== '/') {
      if (path === '/' || path === basePath.slice(0, -1)) {
        res.writeHead(path === '/' ? 302 : 301, { Location: basePath + query, 'Cache-Control': 'no-store' });
        res.end();
        return;
      }
      inner = path.startsWith(basePath) ? path.slice(basePath.length - 1) : '';
    }

    compress(req, res, () => {
      if (!inner.startsWith('/')) {
        notFound(res);
        return;
      }
      res.setHeader('Cache-Control', inner.startsWith('/_astro/') ? IMMUTABLE : REVALIDATE);
      req.url = inner + query;
      serve(req, res, () => notFound(res));
    });
  };
}
