/**
 * `npm run doctor`: is this machine ready for the workshop? Run it before the
 * day, while online, and again offline if the room's network is uncertain.
 *
 * One line per check, ✓ (fine), ! (works, with a caveat or a step to take
 * before the day) or ✗ (blocks the course: fix it), each with what to do, and
 * an `i` line for what a command line cannot check (the browser). The exit
 * code is 1 only when a check is ✗.
 *
 * Checks: the Node version against `engines`; dependencies installed and
 * matching package-lock.json (else `npm start` would run `npm ci`, which needs
 * the network); the course settings (course.config.json under the
 * environment); the port the course server will use; a built site that is up
 * to date; the sandbox for learner code (bubblewrap); whether the
 * in-browser runtime's host and the npm registry answer; and whether the npm
 * cache holds every package of the lockfile (so a reinstall works offline).
 *
 * Until dependencies are known to be installed only Node built-ins (and
 * project files that use only them) are imported, as in scripts/start.ts:
 * the doctor must work on a clone where nothing is installed yet.
 *
 * Overrides for tests and diagnosis (not course settings):
 *   DOCTOR_WEBCONTAINER_URL  the in-browser runtime's host to probe (default: the page
 *                            @webcontainer/api boots from, https://stackblitz.com/headless)
 *   DOCTOR_REGISTRY_URL      the npm registry to probe (default: npm's configured registry)
 *   DOCTOR_TIMEOUT_MS        how long each network probe may take (default 4000)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseEnv } from 'node:util';
import { nodeProblem, nodeRange, satisfies } from './require-node.mjs';
import { buildEnvHash, inputsHash } from '../src/build/inputs.ts';
import { readBuildInfo } from '../src/server/build-info.ts';
import { containmentFor, SandboxUnavailableError, type SandboxMode } from '../src/engine/sandbox.ts';

export type Status = 'ok' | 'warn' | 'fail' | 'info';

export interface CheckResult {
  status: Status;
  /** What was checked and what was found, one line. */
  line: string;
  /** What to do about it (for ! and ✗). */
  fix?: string;
}

const MARK: Record<Status, string> = { ok: '✓', warn: '!', fail: '✗', info: 'i' };

/**
 * The address the in-browser runtime boots from (@webcontainer/api loads a hidden iframe from it).
 * The same as STACKBLITZ_HOST in src/runtime/webcontainer.ts, which the workbench probes (a unit
 * test holds them equal); not imported from there, because that browser module imports more than
 * Node built-ins and the doctor must run before anything is installed.
 */
export const WEBCONTAINER_URL = 'https://stackblitz.com/headless';

// ── Node ────────────────────────────────────────────────────────────────────

export function checkNode(version: string = process.version, range: string = nodeRange()): CheckResult {
  if (satisfies(version, range)) return { status: 'ok', line: `Node.js ${version} (this course needs ${range})` };
  // The same words every npm entry point prints (scripts/require-node.mjs): what it needs, what it found, how to get it.
  const [found, how] = (nodeProblem(version, range) ?? '').split(/(?<=\.) (?=Get it)/);
  return { status: 'fail', line: found ?? `Node.js ${version} does not satisfy ${range}`, fix: how ?? 'Install Node.js 24 from https://nodejs.org/.' };
}

// ── Dependencies ────────────────────────────────────────────────────────────

interface LockEntry {
  version?: string;
  integrity?: string;
  optional?: boolean;
  /** Optional, for development only (e.g. fsevents, a macOS-only binary): absent elsewhere by design. */
  devOptional?: boolean;
  link?: boolean;
}

export interface Lockfile {
  packages: Record<string, LockEntry>;
}

export function readLockfile(root: string): Lockfile | null {
  try {
    const data = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8')) as Partial<Lockfile>;
    return data.packages ? { packages: data.packages } : null;
  } catch {
    return null;
  }
}

/** The installed packages the lockfile names, as [path, entry]: every entry under node_modules/ that is not a link. */
function lockedPackages(lock: Lockfile): [string, LockEntry][] {
  return Object.entries(lock.packages).filter(([path, entry]) => path.startsWith('node_modules/') && !entry.link);
}

/** "node_modules/a/node_modules/@b/c" → "@b/c". */
const packageName = (path: string) => path.slice(path.lastIndexOf('node_modules/') + 'node_modules/'.length);

export function checkDependencies(root: string): CheckResult {
  const lock = readLockfile(root);
  if (!lock) return { status: 'fail', line: 'package-lock.json is missing or unreadable', fix: 'Clone the repository again, or `git checkout package-lock.json`.' };
  if (!existsSync(join(root, 'node_modules'))) {
    return {
      status: 'fail',
      line: 'Dependencies are not installed (no node_modules)',
      fix: 'Run `npm ci` (or `npm start` once) while you are online. Without it, `npm start` tries to download them on the day, and without a network it fails after more than a minute.',
    };
  }
  const missing: string[] = [];
  const different: string[] = [];
  const packages = lockedPackages(lock);
  for (const [path, entry] of packages) {
    let installed: string | undefined;
    try {
      installed = (JSON.parse(readFileSync(join(root, path, 'package.json'), 'utf8')) as { version?: string }).version;
    } catch {
      // An optional package (a binary for another platform) is absent by design.
      if (!entry.optional && !entry.devOptional) missing.push(packageName(path));
      continue;
    }
    if (entry.version && installed !== entry.version) different.push(`${packageName(path)} ${installed ?? '?'} ≠ ${entry.version}`);
  }
  const sample = (list: string[]) => list.slice(0, 3).join(', ') + (list.length > 3 ? `, and ${list.length - 3} more` : '');
  if (missing.length > 0 || different.length > 0) {
    const parts = [missing.length > 0 ? `${missing.length} missing (${sample(missing)})` : '', different.length > 0 ? `${different.length} at another version than the lockfile (${sample(different)})` : '']
      .filter(Boolean)
      .join('; ');
    return { status: 'fail', line: `Dependencies do not match package-lock.json: ${parts}`, fix: 'Run `npm ci` while you are online.' };
  }
  // scripts/lib/ensure-install.ts: `npm start` reinstalls when the lockfile is newer than npm's own record of the install.
  const marker = join(root, 'node_modules/.package-lock.json');
  if (!existsSync(marker) || statSync(join(root, 'package-lock.json')).mtimeMs > statSync(marker).mtimeMs) {
    return {
      status: 'warn',
      line: `Dependencies match package-lock.json (${packages.length} packages), but the lockfile is newer than the install, so \`npm start\` will run \`npm ci\` again`,
      fix: 'Run `npm ci` now, while you are online, so that `npm start` does not need the network on the day.',
    };
  }
  return { status: 'ok', line: `Dependencies installed and matching package-lock.json (${packages.length} packages)` };
}

// ── Settings ────────────────────────────────────────────────────────────────

/** The environment `npm start` would see: this environment, then a local .env under it (scripts/start.ts does the same). */
export function startEnvironment(root: string, env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const merged: Record<string, string | undefined> = { ...env };
  const file = join(root, '.env');
  if (existsSync(file)) {
    for (const [key, value] of Object.entries(parseEnv(readFileSync(file, 'utf8')))) if (merged[key] === undefined) merged[key] = value;
  }
  return merged;
}

export interface Settings {
  port: number;
  host: string;
  basePath: string;
  runner: boolean;
  sandbox: { mode: SandboxMode; memoryMb: number; maxProcesses: number };
  /** The build-stage variables with course.config.json applied, for the build check; null when they could not be read. */
  buildEnv: Record<string, string | undefined> | null;
}

const FALLBACK_SETTINGS: Settings = {
  port: 4321,
  host: '127.0.0.1',
  basePath: '/',
  runner: true,
  sandbox: { mode: 'auto', memoryMb: 1536, maxProcesses: 512 },
  buildEnv: null,
};

/** Validates course.config.json and the environment with the course's own schema (needs the dependencies: zod). */
export async function checkSettings(root: string, env: Record<string, string | undefined>, dependenciesOk: boolean): Promise<{ result: CheckResult; settings: Settings }> {
  if (!dependenciesOk) {
    const port = Number(env['PORT'] ?? 4321);
    return {
      result: { status: 'info', line: 'Course settings not checked: they are validated with the dependencies, which are not installed yet' },
      settings: { ...FALLBACK_SETTINGS, port: Number.isInteger(port) ? port : 4321, host: env['HOST'] || FALLBACK_SETTINGS.host },
    };
  }
  const { parseConfig } = await import('../src/config/parse.ts');
  const { withCourseFile } = await import('../src/config/course-file.ts');
  try {
    const merged = withCourseFile(env, root);
    const build = parseConfig('build', merged);
    const server = parseConfig('server', merged);
    const remote = !['127.0.0.1', 'localhost', '::1'].includes(server.HOST);
    return {
      result: {
        status: 'ok',
        line: `Course settings valid (course.config.json and the environment): "${build.COURSE_TITLE}", ${build.LESSONS ? `lessons ${build.LESSONS}` : 'every lesson'}, runtime ${build.RUNTIME}`,
      },
      settings: {
        port: server.PORT,
        host: server.HOST,
        basePath: build.BASE_PATH,
        runner: server.RUNNER === 'on' && (!remote || server.RUNNER_ALLOW_REMOTE),
        sandbox: { mode: server.RUNNER_SANDBOX, memoryMb: server.RUNNER_MEMORY_MB, maxProcesses: server.RUNNER_MAX_PROCESSES },
        buildEnv: merged,
      },
    };
  } catch (error) {
    if (!(error instanceof Error) || error.name !== 'ConfigError') throw error;
    return {
      result: { status: 'fail', line: `Course settings are invalid: ${error.message.replace(/\s*\n\s*/g, ' ')}`, fix: 'Fix the setting named above in course.config.json or in the environment (.env.example describes each one).' },
      settings: { ...FALLBACK_SETTINGS },
    };
  }
}

// ── Port ────────────────────────────────────────────────────────────────────

function portFree(port: number, host: string): Promise<NodeJS.ErrnoException | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error));
    server.listen({ port, host, exclusive: true }, () => server.close(() => resolve(null)));
  });
}

/** Whether the course server answers at host:port (its runtime API). */
function courseServerAt(port: number, host: string, basePath: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: `${basePath.replace(/\/?$/, '/')}api/runtime`, timeout: 1500 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => {
        try {
          resolve(typeof (JSON.parse(body) as { runtime?: unknown }).runtime === 'string');
        } catch {
          resolve(false);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => {
      req.destroy();
      resolve(false);
    });
    req.end();
  });
}

export async function checkPort(settings: Pick<Settings, 'port' | 'host' | 'basePath'>): Promise<CheckResult> {
  const { port, host, basePath } = settings;
  if (port === 0) return { status: 'ok', line: 'Port: PORT=0, the course server will pick a free one and print it' };
  const error = await portFree(port, host);
  if (!error) return { status: 'ok', line: `Port ${port} on ${host} is free for the course server` };
  if (error.code === 'EADDRINUSE') {
    if (await courseServerAt(port, host, basePath)) return { status: 'ok', line: `Port ${port} on ${host}: the course server is already running there` };
    return {
      status: 'warn',
      line: `Port ${port} on ${host} is taken by another program`,
      fix: `Stop that program, or start the course on another port: \`PORT=${port === 4322 ? 4323 : 4322} npm start\`.`,
    };
  }
  return { status: 'warn', line: `Port ${port} on ${host} cannot be used (${error.code ?? error.message})`, fix: 'Start the course on another port, e.g. `PORT=4322 npm start`, or with HOST=127.0.0.1.' };
}

// ── Build ───────────────────────────────────────────────────────────────────

export function checkBuild(root: string, buildEnv: Record<string, string | undefined> | null): CheckResult {
  const dist = join(root, 'dist');
  const later = 'Run `npm start` once before the day: the build takes a minute or two, and needs no network.';
  if (!existsSync(join(dist, 'index.html'))) return { status: 'warn', line: 'No built site yet: `npm start` will build it first', fix: later };
  const stamp = readBuildInfo(dist);
  if (!stamp) return { status: 'warn', line: 'dist/ has no build stamp: `npm start` will build the site again', fix: later };
  if (stamp.inputs !== inputsHash(root)) return { status: 'warn', line: 'The sources changed since the last build: `npm start` will build the site again', fix: later };
  if (buildEnv && stamp.env !== buildEnvHash(buildEnv)) return { status: 'warn', line: 'Build settings changed since the last build: `npm start` will build the site again', fix: later };
  return { status: 'ok', line: `Built site up to date (built ${stamp.builtAt.slice(0, 16).replace('T', ' ')} UTC)` };
}

// ── Sandbox ─────────────────────────────────────────────────────────────────

export function checkSandbox(settings: Pick<Settings, 'runner' | 'sandbox'>, platform: NodeJS.Platform = process.platform): CheckResult {
  if (!settings.runner) return { status: 'info', line: 'Local runtime off in these settings (RUNNER, HOST): no learner code runs on this machine' };
  try {
    const containment = containmentFor(settings.sandbox);
    if (containment.level === 'sandbox') return { status: 'ok', line: 'Learner code runs sandboxed (bubblewrap)' };
    if (settings.sandbox.mode === 'off') return { status: 'ok', line: 'Sandbox turned off (RUNNER_SANDBOX=off): runs are cleaned up by process group' };
    return {
      status: 'warn',
      line: `No sandbox for learner code: ${containment.description.replace(/^Not sandboxed \((.*?)\):.*$/, '$1')}; runs are cleaned up by process group instead (fine for your own code on your own machine)`,
      fix:
        platform === 'linux'
          ? 'To sandbox runs, install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`); it also needs unprivileged user namespaces.'
          : 'Nothing to do on this platform: the sandbox is Linux-only. On a shared workshop machine, use Linux with bubblewrap.',
    };
  } catch (error) {
    if (error instanceof SandboxUnavailableError) return { status: 'fail', line: error.message, fix: 'Install bubblewrap (Debian/Ubuntu: `sudo apt-get install bubblewrap`), or set RUNNER_SANDBOX=auto.' };
    throw error;
  }
}

// ── Network ─────────────────────────────────────────────────────────────────

export type Probe = (url: string, timeoutMs: number) => Promise<{ ok: true } | { ok: false; reason: string }>;

/** What the usual connection errors mean, for someone in a workshop room. */
const NETWORK_ERRORS: Record<string, string> = {
  ENOTFOUND: 'the name does not resolve (no network, or a DNS that blocks it)',
  EAI_AGAIN: 'the name cannot be resolved right now (no network?)',
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was cut (a firewall or proxy?)',
  ETIMEDOUT: 'the connection timed out',
  ENETUNREACH: 'no route to the network',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
  SELF_SIGNED_CERT_IN_CHAIN: 'a TLS certificate this machine does not trust (a proxy that inspects HTTPS? see NODE_EXTRA_CA_CERTS)',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'a TLS certificate this machine does not trust (a proxy that inspects HTTPS? see NODE_EXTRA_CA_CERTS)',
  CERT_HAS_EXPIRED: 'an expired TLS certificate (is the clock right?)',
};

/** Any HTTP answer counts: the question is whether the host can be reached, not what it says to a HEAD request. */
export const fetchProbe: Probe = async (url, timeoutMs) => {
  try {
    await fetch(url, { method: 'HEAD', redirect: 'manual', signal: AbortSignal.timeout(timeoutMs) });
    return { ok: true };
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if ((error as Error).name === 'TimeoutError') return { ok: false, reason: `no answer within ${timeoutMs / 1000} s` };
    if (cause?.code) return { ok: false, reason: `${cause.code}: ${NETWORK_ERRORS[cause.code] ?? 'the connection failed'}` };
    return { ok: false, reason: cause?.message ?? (error as Error).message };
  }
};

function proxyHint(env: Record<string, string | undefined>): string {
  const proxy = env['HTTPS_PROXY'] ?? env['https_proxy'] ?? env['HTTP_PROXY'] ?? env['http_proxy'];
  if (!proxy || env['NODE_USE_ENV_PROXY']) return '';
  return ' A proxy is set in the environment, which Node ignores unless NODE_USE_ENV_PROXY=1: try `NODE_USE_ENV_PROXY=1 npm run doctor`.';
}

export async function checkNetwork(env: Record<string, string | undefined>, probe: Probe = fetchProbe): Promise<CheckResult[]> {
  const timeoutMs = Number(env['DOCTOR_TIMEOUT_MS'] ?? 4000) || 4000;
  const wcUrl = env['DOCTOR_WEBCONTAINER_URL'] || WEBCONTAINER_URL;
  const registry = env['DOCTOR_REGISTRY_URL'] || env['npm_config_registry'] || 'https://registry.npmjs.org/';
  const [wc, npm] = await Promise.all([probe(wcUrl, timeoutMs), probe(registry, timeoutMs)]);
  const host = (url: string) => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  };
  const hint = proxyHint(env);
  return [
    wc.ok
      ? { status: 'ok', line: `${host(wcUrl)} answers: the in-browser runtime (WebContainer) can load, in a browser that supports it` }
      : {
          status: 'warn',
          line: `${npm.ok ? '' : 'Offline: '}${host(wcUrl)} cannot be reached (${wc.reason}): the in-browser runtime will not work${npm.ok ? ' from this network' : ''}; the local runtime will (\`npm start\`)`,
          fix: `Nothing to do if learners run the course with \`npm start\`. For the in-browser runtime, the network must allow ${host(wcUrl)} (see the instructor guide, "Troubleshooting").${hint}`,
        },
    npm.ok
      ? { status: 'ok', line: `The npm registry (${host(registry)}) answers: installing works from here` }
      : {
          status: 'warn',
          line: `The npm registry (${host(registry)}) cannot be reached (${npm.reason}): nothing can be installed from here`,
          fix: `Fine once dependencies are installed (see above). Otherwise install where there is a network.${hint}`,
        },
  ];
}

// ── npm cache ───────────────────────────────────────────────────────────────

/** npm's cache folder: npm tells scripts it runs (npm_config_cache); else ask npm; else npm's default. */
export function npmCacheDir(env: Record<string, string | undefined>): string {
  if (env['npm_config_cache']) return env['npm_config_cache'];
  const asked = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['config', 'get', 'cache'], { encoding: 'utf8', timeout: 10_000, env: { ...process.env, ...env } });
  const dir = asked.status === 0 ? asked.stdout.trim() : '';
  return dir || join(homedir(), '.npm');
}

/** Where npm's cache (cacache) keeps the tarball with this integrity: content-v2/<algorithm>/<hex digest, split 2/2/rest>. */
export function cachePathFor(cacheDir: string, integrity: string): string | null {
  const [algorithm, base64] = (integrity.trim().split(/\s+/)[0] ?? '').split(/-(.*)/s);
  if (!algorithm || !base64) return null;
  const hex = Buffer.from(base64, 'base64').toString('hex');
  return join(cacheDir, '_cacache', 'content-v2', algorithm, hex.slice(0, 2), hex.slice(2, 4), hex.slice(4));
}

export function checkNpmCache(root: string, cacheDir: string): CheckResult {
  const lock = readLockfile(root);
  if (!lock) return { status: 'info', line: 'npm cache not checked: package-lock.json is unreadable' };
  const wanted = lockedPackages(lock).filter(([, entry]) => entry.integrity && !entry.optional && !entry.devOptional);
  const absent = wanted.filter(([, entry]) => {
    const file = cachePathFor(cacheDir, entry.integrity as string);
    return !file || !existsSync(file);
  });
  if (absent.length === 0) {
    return { status: 'ok', line: `npm cache (${cacheDir}) holds all ${wanted.length} packages of the lockfile: \`npm ci --offline\` can reinstall without a network` };
  }
  return {
    status: 'warn',
    line: `npm cache (${cacheDir}) lacks ${absent.length} of the lockfile's ${wanted.length} packages: a reinstall on the day would need the network`,
    fix: 'Run `npm ci` once while you are online; it fills the cache.',
  };
}

// ── Browser ─────────────────────────────────────────────────────────────────

export function browserNote(settings: Pick<Settings, 'port' | 'host' | 'basePath'>): CheckResult {
  const host = settings.host.includes(':') ? `[${settings.host}]` : settings.host;
  const url = `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${settings.port || 4321}${settings.basePath}`;
  return {
    status: 'info',
    line: `Browser: cannot be checked from here. Start the course (\`npm start\`), open ${url}, go to any lesson's exercise: "Where your code runs" names the runtime (the course server, or the in-browser runtime), or says why none can run`,
  };
}

// ── Report ──────────────────────────────────────────────────────────────────

export function formatResults(results: CheckResult[]): string {
  const lines = results.flatMap((r) => [`${MARK[r.status]} ${r.line}`, ...(r.fix && r.status !== 'ok' ? [`    → ${r.fix}`] : [])]);
  const fails = results.filter((r) => r.status === 'fail').length;
  const warns = results.filter((r) => r.status === 'warn').length;
  const summary =
    fails > 0
      ? `${fails} ${fails === 1 ? 'problem blocks' : 'problems block'} the course (✗): fix ${fails === 1 ? 'it' : 'them'} before the day.${warns ? ` ${warns} more to look at (!).` : ''}`
      : warns > 0
        ? `Ready, with ${warns} ${warns === 1 ? 'thing' : 'things'} to look at (!).`
        : 'Ready for the workshop.';
  return [...lines, '', summary].join('\n');
}

export interface DoctorOptions {
  root: string;
  env: NodeJS.ProcessEnv;
  probe?: Probe;
}

export async function runDoctor({ root, env, probe = fetchProbe }: DoctorOptions): Promise<CheckResult[]> {
  const startEnv = startEnvironment(root, env);
  const network = checkNetwork(startEnv, probe); // in parallel with the local checks
  const node = checkNode();
  const deps = checkDependencies(root);
  const { result: settingsResult, settings } = await checkSettings(root, startEnv, deps.status !== 'fail');
  const results: CheckResult[] = [node, deps, settingsResult];
  results.push(await checkPort(settings));
  results.push(checkBuild(root, settings.buildEnv));
  results.push(checkSandbox(settings));
  results.push(...(await network));
  results.push(checkNpmCache(root, npmCacheDir(startEnv)));
  results.push(browserNote(settings));
  return results;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  process.stdout.write('Checking this machine for the workshop…\n\n');
  const results = await runDoctor({ root, env: process.env });
  process.stdout.write(`${formatResults(results)}\n`);
  process.exitCode = results.some((r) => r.status === 'fail') ? 1 : 0;
}
