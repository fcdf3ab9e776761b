/**
 * Entry of the course server: `node src/server/main.ts` (or `npm start`, which
 * builds first when needed). Configuration comes only from the environment;
 * a bad value exits 1 with a message naming the variable.
 */
import { ConfigError } from '../config/parse.ts';
import { createCourseServer } from './app.ts';
import { withCourseFile } from '../config/course-file.ts';
import { attendeeUrls, loadServerConfig, publicUrl, type ServerConfig } from './config.ts';
import { createLogger, type Logger } from './log.ts';
import { watchParents } from './parent-watch.ts';
import type { Runner } from './runner.ts';
import { claimScratchFolder, type ScratchFolder } from './stale-folders.ts';
import { MissingBuildError } from './static.ts';

function fail(log: Logger, event: string, message: string, fields: Record<string, unknown> = {}): void {
  log.error(event, { message, ...fields });
  process.stderr.write(`${message}\n`);
  process.exitCode = 1;
}

async function loadRunner(config: ServerConfig): Promise<Runner | null> {
  if (!config.runnerEnabled) return null;
  const { createEngineRunner } = await import('./engine.ts');
  return createEngineRunner(config.containment);
}

export interface MainOptions {
  env?: Record<string, string | undefined>;
  /** Folder of the built site; default ./dist. */
  distDir?: string;
}

/** A listening server: `stop` shuts it down gracefully, as SIGTERM does, then exits the process with 0. */
export interface RunningServer {
  /** `reason` is logged with the `shutdown` event (a signal name, or e.g. "parent-exited"). */
  stop(reason: string): void;
}

/**
 * With the runner on: remove the scratch folders of crashed servers, make this
 * one's and point TMPDIR at it, so run and app folders live (and die) with it.
 */
function claimScratch(log: Logger): ScratchFolder | null {
  let scratch: ScratchFolder;
  try {
    scratch = claimScratchFolder();
  } catch (error) {
    fail(log, 'scratch-failed', `Cannot create the runner's scratch folder in the temp folder (TMPDIR): ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
  if (scratch.removed.length > 0) log.info('stale-folders-removed', { folders: scratch.removed });
  for (const name of ['TMPDIR', 'TEMP', 'TMP']) process.env[name] = scratch.dir;
  return scratch;
}

/** Starts the server; resolves once it listens (or with null when it failed to start, with process.exitCode = 1). */
export async function main(options: MainOptions = {}): Promise<RunningServer | null> {
  const log = createLogger();
  let config: ServerConfig;
  try {
    config = loadServerConfig(withCourseFile(options.env ?? process.env), options.distDir === undefined ? {} : { distDir: options.distDir });
  } catch (error) {
    if (error instanceof ConfigError) {
      fail(log, 'config-invalid', error.message, { problems: error.problems });
      return null;
    }
    throw error;
  }

  let server;
  try {
    server = createCourseServer(config, { runner: await loadRunner(config), log });
  } catch (error) {
    if (error instanceof MissingBuildError) {
      fail(log, 'build-missing', error.message);
      return null;
    }
    throw error;
  }
  const scratch = config.runnerEnabled ? claimScratch(log) : null;
  if (config.runnerEnabled && !scratch) return null;

  const listening = new Promise<boolean>((resolve) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const why =
        error.code === 'EADDRINUSE'
          ? `Port ${config.port} is already in use (PORT): stop the other server or choose another PORT.`
          : error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN'
            ? `Cannot listen on HOST=${config.host}: no such local address (${error.code}).`
            : error.code === 'EACCES'
              ? `Not allowed to listen on port ${config.port} (PORT): choose a port above 1023.`
              : `Cannot listen on ${config.host}:${config.port}: ${error.message}`;
      fail(log, 'listen-failed', why, { code: error.code });
      resolve(false);
    });
    server.listen(config.port, config.listenHost, () => resolve(true));
  });
  if (!(await listening)) {
    scratch?.release();
    return null;
  }

  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = publicUrl(config, port);
  log.info('listening', {
    url,
    host: config.host,
    port,
    runner: config.runnerEnabled ? 'on' : 'off',
    ...(config.runnerOffReason ? { runnerOffReason: config.runnerOffReason } : {}),
    basePath: config.basePath,
    coep: config.coep,
    buildSettingsFrom: config.buildSettingsFrom,
    limits: config.limits,
  });
  if (!config.runnerEnabled && config.runnerOffReason !== 'RUNNER=off') {
    log.warn('runner-off', { reason: config.runnerOffReason });
  }
  // The human line goes to stderr so stdout stays one JSON event per line.
  process.stderr.write(`Course running at ${url}${config.runnerEnabled ? '' : ' (local runtime off)'}\n`);
  // On a shared machine, the addresses attendees type (127.0.0.1 is their own machine, not this one).
  const shared = attendeeUrls(config, port);
  if (shared.length) process.stderr.write(`Attendees can open: ${shared.join('  ')}\n`);

  let stops = 0;
  const stop = (reason: string) => {
    stops += 1;
    const why = reason.startsWith('SIG') ? { signal: reason } : { reason };
    if (stops > 1) {
      log.warn('shutdown-hurry', why);
      void server.shutdown(0);
      return;
    }
    log.info('shutdown', { ...why, timeoutMs: config.shutdownTimeoutMs });
    void server.shutdown(config.shutdownTimeoutMs).then(({ forced }) => {
      try {
        scratch?.release();
      } catch (error) {
        log.warn('scratch-not-removed', { dir: scratch?.dir, error });
      }
      log.info('stopped', { forced });
      process.exit(0);
    });
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  return { stop };
}

if (import.meta.main) {
  const running = await main();
  // Started by `npm run serve`: stop when npm (or its shell) goes, as `npm start` does (see parent-watch.ts).
  if (running) watchParents((reason) => running.stop(reason));
}
