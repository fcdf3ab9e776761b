/**
 * The course server's configuration: the `server` variables of the one schema
 * (src/config/variables.ts), plus what follows from them — whether the runner
 * may answer, which Host header values are ours — and the two build settings
 * (base path, COEP) the server must share with the built site.
 */
import { networkInterfaces } from 'node:os';
import { resolve } from 'node:path';
import { ConfigError, parseConfig, schemaFor } from '../config/parse.ts';
import { variables } from '../config/variables.ts';
import { containmentFor, SandboxUnavailableError, type ContainmentSettings } from '../engine/sandbox.ts';
import { readBuildInfo } from './build-info.ts';

export interface HostRule {
  /** Lower-case host name as it appears in a Host header (IPv6 in brackets). */
  hostname: string;
  /** null: any port. */
  port: number | null;
}

export interface RunnerLimits {
  timeoutMs: number;
  maxOutputBytes: number;
  maxBodyBytes: number;
  maxConcurrent: number;
}

export interface ServerConfig {
  port: number;
  /** HOST as given (IPv6 may carry brackets). */
  host: string;
  /** What `server.listen` gets (no brackets). */
  listenHost: string;
  loopback: boolean;
  runnerEnabled: boolean;
  /** Why the runner is off, for the log and the 503 message; null when on. */
  runnerOffReason: string | null;
  /** Host names accepted on the port the server listens on. */
  hostnames: ReadonlySet<string>;
  /** RUNNER_ALLOWED_HOSTS entries. */
  extraHosts: readonly HostRule[];
  limits: RunnerLimits;
  /** How runs are contained (src/engine/sandbox.ts). */
  containment: ContainmentSettings;
  shutdownTimeoutMs: number;
  distDir: string;
  /** Always starts and ends with "/". */
  basePath: string;
  coep: string;
  /** Where basePath and coep came from. */
  buildSettingsFrom: 'build-stamp' | 'environment';
}

const LOOPBACK_NAMES = ['localhost', '127.0.0.1', '[::1]'];

function stripBrackets(host: string): string {
  return host.startsWith('[') && host.endsWith(']') ? host.slice(1, -1) : host;
}

export function isLoopbackHost(host: string): boolean {
  const h = stripBrackets(host.toLowerCase());
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

export function isWildcardHost(host: string): boolean {
  const h = stripBrackets(host);
  return h === '0.0.0.0' || h === '::';
}

/** Host name as a Host header spells it: lower case, IPv6 in brackets. */
function headerName(host: string): string {
  const h = stripBrackets(host.toLowerCase());
  return h.includes(':') ? `[${h}]` : h;
}

function parseAllowedHosts(raw: string | undefined): HostRule[] {
  if (raw === undefined) return [];
  const rules: HostRule[] = [];
  const bad: string[] = [];
  for (const entry of raw.split(',').map((s) => s.trim()).filter(Boolean)) {
    try {
      const url = new URL(`http://${entry}`);
      if (url.pathname !== '/' || url.username || url.search || url.hash) throw new Error('not a host');
      rules.push({ hostname: url.hostname, port: url.port === '' ? null : Number(url.port) });
    } catch {
      bad.push(entry);
    }
  }
  if (bad.length > 0) {
    throw new ConfigError([
      { name: 'RUNNER_ALLOWED_HOSTS', message: `must be a comma-separated list of host names, optionally with :port (bad: ${bad.map((b) => JSON.stringify(b)).join(', ')})` },
    ]);
  }
  return rules;
}

function interfaceHostnames(): string[] {
  const names: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const address of list ?? []) names.push(headerName(address.address.split('%')[0] ?? address.address));
  }
  return names;
}

/** One build-stage variable, validated by the same schema as the build; unset → its default. */
function buildSetting(name: 'BASE_PATH' | 'WEBCONTAINER_COEP', env: Record<string, string | undefined>): string {
  const variable = variables[name];
  const raw = env[name];
  if (raw === undefined || raw.trim() === '') return variable.default;
  const result = schemaFor(variable).safeParse(raw);
  if (!result.success) {
    throw new ConfigError([{ name, message: `${result.error.issues[0]?.message ?? 'is invalid'} (got ${JSON.stringify(raw)})` }]);
  }
  return String(result.data);
}

function normaliseBase(base: string): string {
  let b = base.trim();
  if (!b.startsWith('/')) b = `/${b}`;
  if (!b.endsWith('/')) b = `${b}/`;
  return b;
}

export interface LoadOptions {
  /** Folder with the built site; default `dist` in the current directory. */
  distDir?: string;
}

/**
 * Reads the server configuration from `env`. Throws ConfigError (message names
 * the variable) on a bad value, and when RUNNER=on is asked for explicitly on a
 * non-loopback HOST without RUNNER_ALLOW_REMOTE=true.
 */
export function loadServerConfig(env: Record<string, string | undefined>, options: LoadOptions = {}): ServerConfig {
  const c = parseConfig('server', env);
  const extraHosts = parseAllowedHosts(c.RUNNER_ALLOWED_HOSTS);
  const loopback = isLoopbackHost(c.HOST);

  let runnerEnabled = c.RUNNER === 'on';
  let runnerOffReason: string | null = runnerEnabled ? null : 'RUNNER=off';
  if (runnerEnabled && !loopback && !c.RUNNER_ALLOW_REMOTE) {
    const explicit = (env['RUNNER'] ?? '').trim() !== '';
    const why = `HOST=${c.HOST} is not a loopback address, and the runner executes code it is sent`;
    if (explicit) {
      throw new ConfigError([
        {
          name: 'RUNNER_ALLOW_REMOTE',
          message: `must be true for RUNNER=on when ${why}. Set RUNNER_ALLOW_REMOTE=true only on a trusted network, or RUNNER=off to serve the site alone.`,
        },
      ]);
    }
    runnerEnabled = false;
    runnerOffReason = `${why}; set RUNNER_ALLOW_REMOTE=true (trusted networks only) to turn it on`;
  }

  const containment: ContainmentSettings = { mode: c.RUNNER_SANDBOX as ContainmentSettings['mode'], memoryMb: c.RUNNER_MEMORY_MB, maxProcesses: c.RUNNER_MAX_PROCESSES };
  if (runnerEnabled && containment.mode === 'require') {
    try {
      containmentFor(containment);
    } catch (error) {
      if (!(error instanceof SandboxUnavailableError)) throw error;
      throw new ConfigError([{ name: 'RUNNER_SANDBOX', message: `${error.message} Install bubblewrap (Debian/Ubuntu: apt-get install bubblewrap), or set RUNNER_SANDBOX=auto.` }]);
    }
  }

  const hostnames = new Set<string>([headerName(c.HOST)]);
  if (loopback || isWildcardHost(c.HOST)) for (const name of LOOPBACK_NAMES) hostnames.add(name);
  if (isWildcardHost(c.HOST)) for (const name of interfaceHostnames()) hostnames.add(name);
  hostnames.delete('0.0.0.0');
  hostnames.delete('[::]');

  const distDir = resolve(options.distDir ?? 'dist');
  const stamp = readBuildInfo(distDir);
  const basePath = normaliseBase(stamp ? stamp.basePath : buildSetting('BASE_PATH', env));
  const coep = stamp ? stamp.coep : buildSetting('WEBCONTAINER_COEP', env);

  return {
    port: c.PORT,
    host: c.HOST,
    listenHost: stripBrackets(c.HOST),
    loopback,
    runnerEnabled,
    runnerOffReason,
    hostnames,
    extraHosts,
    limits: {
      timeoutMs: c.RUNNER_TIMEOUT_MS,
      maxOutputBytes: c.RUNNER_MAX_OUTPUT_BYTES,
      maxBodyBytes: c.RUNNER_MAX_BODY_BYTES,
      maxConcurrent: c.RUNNER_MAX_CONCURRENT,
    },
    containment,
    shutdownTimeoutMs: c.SHUTDOWN_TIMEOUT_MS,
    distDir,
    basePath,
    coep,
    buildSettingsFrom: stamp ? 'build-stamp' : 'environment',
  };
}

/**
 * The URLs other machines can use when the server listens on every interface
 * (a shared machine): one per non-loopback IPv4 address, plus each name in
 * RUNNER_ALLOWED_HOSTS. Empty when the server listens on one host only.
 */
export function attendeeUrls(config: ServerConfig, port: number, interfaces = networkInterfaces()): string[] {
  if (!isWildcardHost(config.host)) return [];
  const urls: string[] = [];
  for (const list of Object.values(interfaces)) {
    for (const address of list ?? []) {
      if (!address.internal && address.family === 'IPv4') urls.push(`http://${address.address}:${port}${config.basePath}`);
    }
  }
  for (const rule of config.extraHosts) urls.push(`http://${rule.hostname}:${rule.port ?? port}${config.basePath}`);
  return [...new Set(urls)];
}

/** The URL a person types to reach the server (wildcard binds shown as loopback). */
export function publicUrl(config: ServerConfig, port: number): string {
  const host = isWildcardHost(config.host) ? '127.0.0.1' : headerName(config.host);
  return `http://${host}:${port}${config.basePath}`;
}
