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

/**
 * Makes `dist/` ready for static hosts, not only for the course server:
 * a `_headers` file (Netlify, Cloudflare Pages) with the isolation headers
 * WebContainer needs and immutable caching for hashed assets, and, when asked,
 * the coi-serviceworker for hosts that cannot set headers at all.
 */
export function staticHosting(options: StaticHostingOptions): AstroIntegration {
  return {
    name: 'twelve-factor-course:static-hosting',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const headers = Object.entries(isolationHeaders(options.coep))
          .map(([name, value]) => `  ${name}: ${value}`)
          .join('\n');
        writeFileSync(new URL('_headers', dir), `/*\n${headers}\n/_astro/*\n  Cache-Control: public, max-age=31536000, immutable\n`);
        if (options.serviceWorker) {
          const require = createRequire(import.meta.url);
          copyFileSync(require.resolve('coi-serviceworker/coi-serviceworker.min.js'), fileURLToPath(new URL(SERVICE_WORKER_FILE, dir)));
          logger.info(`added ${SERVICE_WORKER_FILE} (ISOLATION_SERVICE_WORKER=true)`);
        }
      },
    },
  };
}
