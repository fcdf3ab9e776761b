import type { AstroIntegration } from 'astro';
import { apiPath, createApiContext } from '../server/app.ts';
import { handleApi } from '../server/api.ts';
import { loadServerConfig } from '../server/config.ts';
import { createEngineRunner } from '../server/engine.ts';
import { createLogger, type Logger } from '../server/log.ts';

/** Only warnings and errors: request logs would drown Astro's own dev output. */
function quiet(log: Logger): Logger {
  return { debug() {}, info() {}, warn: log.warn, error: log.error };
}

/**
 * `npm run dev` answers the runner API too, with the same guards as the course
 * server (loopback Host names only, same origin, token, limits), so authors can
 * run an exercise in the page while they write it. `RUNNER=off` turns it off.
 */
export function devRuntime(): AstroIntegration {
  return {
    name: 'twelve-factor-course:dev-runtime',
    hooks: {
      'astro:server:setup': ({ server, logger }) => {
        // HOST stays loopback whatever --host says: remote Host headers are refused by the guard.
        const config = loadServerConfig({ ...process.env, HOST: '127.0.0.1' });
        if (!config.runnerEnabled) return;
        const ctx = createApiContext(config, {
          runner: createEngineRunner(),
          log: quiet(createLogger()),
          track: () => undefined,
          shuttingDown: () => false,
        });
        server.middlewares.use((req, res, next) => {
          const pathname = (req.url ?? '/').split('?', 1)[0] ?? '/';
          const api = pathname.startsWith('/') ? apiPath(pathname, config.basePath) : null;
          if (api === null) return next();
          void handleApi(req, res, ctx, api);
        });
        server.httpServer?.once('close', () => void ctx.apps.stopAll('shutdown'));
        logger.info('local runtime available at /api/ (RUNNER=off to disable)');
      },
    },
  };
}
