import { copyFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { isolationHeaders } from '../config/isolation.ts';

export interface StaticHostingOptions {
  coep: string;
  /** Copy coi-serviceworker into the build (pages then load it, see BaseLayout). */
  serviceWorker: boolean;
}

/** Name of the service worker file in the build; BaseLayout loads it from the site root. */
export const SERVICE_WORKER_FILE = 'coi-serviceworker.js';

/** Cache-Control for Astro's content-hashed assets (`_astro/`): the same value the course server sends. */
export const IMMUTABLE_CACHE = 'public, max-age=31536000, immutable';

/** "/course" or "course/" → "/course/"; "" → "/". */
export function normaliseBasePath(base: string): string {
  let b = base.trim();
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b = `${b}/`;
  return b;
}

/**
 * The `_headers` file Netlify and Cloudflare Pages read. Its paths are URL
 * paths, so under a base path every rule carries it (`/course/_astro/*`),
 * and the file itself must sit at the root of the published folder, not
 * inside `course/` (`npm run hosting -- stage <folder>` puts it there).
 */
export function headersFile(basePath: string, coep: string): string {
  const base = normaliseBasePath(basePath);
  const headers = Object.entries(isolationHeaders(coep))
    .map(([name, value]) => `  ${name}: ${value}`)
    .join('\n');
  const where =
    base === '/'
      ? '# Publish dist/ as the site root; this file stays at its top.'
      : `# BASE_PATH=${base}: publish a folder holding dist/ as ${base.slice(1, -1)}/ with this file at its top\n# (npm run hosting -- stage <folder>). See docs/hosting.md.`;
  return `# Netlify / Cloudflare Pages headers, written by the build (WEBCONTAINER_COEP=${coep}).\n${where}\n${base}*\n${headers}\n${base}_astro/*\n  Cache-Control: ${IMMUTABLE_CACHE}\n`;
}

/**
 * Makes `dist/` ready for static hosts, not only for the course server:
 * a `_headers` file (Netlify, Cloudflare Pages) with the isolation headers
 * WebContainer needs and immutable caching for hashed assets, and, when asked,
 * the coi-serviceworker for hosts that cannot set headers at all.
 */
export function staticHosting(options: StaticHostingOptions): AstroIntegration {
  let basePath = '/';
  return {
    name: 'twelve-factor-course:static-hosting',
    hooks: {
      'astro:config:done': ({ config }) => {
        basePath = normaliseBasePath(config.base);
      },
      'astro:build:done': ({ dir, logger }) => {
        writeFileSync(new URL('_headers', dir), headersFile(basePath, options.coep));
        if (basePath !== '/') logger.info(`_headers is for ${basePath}: on Netlify, Cloudflare Pages or Vercel publish the folder "npm run hosting -- stage site" makes (docs/hosting.md)`);
        if (options.serviceWorker) {
          const require = createRequire(import.meta.url);
          copyFileSync(require.resolve('coi-serviceworker/coi-serviceworker.min.js'), fileURLToPath(new URL(SERVICE_WORKER_FILE, dir)));
          logger.info(`added ${SERVICE_WORKER_FILE} (ISOLATION_SERVICE_WORKER=true)`);
        }
      },
    },
  };
}
