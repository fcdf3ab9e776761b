/** Server configuration: the one schema, derived runner state, allowed hosts. */
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/config/parse.ts';
import { attendeeUrls, isLoopbackHost, loadServerConfig, publicUrl } from '../../../src/server/config.ts';
import { hostAllowed } from '../../../src/server/guard.ts';

const dist = '/nonexistent-dist-for-config-tests';
const load = (env: Record<string, string>) => loadServerConfig(env, { distDir: dist });

function problemNames(fn: () => unknown): string[] {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems.map((p) => p.name);
  }
  throw new Error('expected a ConfigError');
}

describe('loadServerConfig', () => {
  it('has safe defaults: loopback, port 4321, runner on, base path /', () => {
    const c = load({});
    expect(c).toMatchObject({ port: 4321, host: '127.0.0.1', loopback: true, runnerEnabled: true, runnerOffReason: null, basePath: '/', coep: 'credentialless' });
    expect(c.limits).toEqual({ timeoutMs: 30000, maxOutputBytes: 1048576, maxBodyBytes: 1048576, maxConcurrent: 2 });
    expect(c.shutdownTimeoutMs).toBe(10000);
    expect(c.buildSettingsFrom).toBe('environment');
  });

  it('names the variable for bad values', () => {
    expect(problemNames(() => load({ PORT: 'abc' }))).toEqual(['PORT']);
    expect(problemNames(() => load({ PORT: '70000' }))).toEqual(['PORT']);
    expect(problemNames(() => load({ HOST: 'bad host!' }))).toEqual(['HOST']);
    expect(problemNames(() => load({ RUNNER: 'maybe', RUNNER_TIMEOUT_MS: '5' }))).toEqual(['RUNNER', 'RUNNER_TIMEOUT_MS']);
    expect(problemNames(() => load({ RUNNER_ALLOWED_HOSTS: 'ok.example, bad/host' }))).toEqual(['RUNNER_ALLOWED_HOSTS']);
    expect(problemNames(() => load({ BASE_PATH: 'no-slash' }))).toEqual(['BASE_PATH']);
    expect(problemNames(() => load({ WEBCONTAINER_COEP: 'none' }))).toEqual(['WEBCONTAINER_COEP']);
  });

  it('turns the runner off on a non-loopback HOST unless RUNNER_ALLOW_REMOTE=true', () => {
    const off = load({ HOST: '0.0.0.0' });
    expect(off.runnerEnabled).toBe(false);
    expect(off.runnerOffReason).toMatch(/RUNNER_ALLOW_REMOTE/);
    expect(load({ HOST: '0.0.0.0', RUNNER_ALLOW_REMOTE: 'true' }).runnerEnabled).toBe(true);
    expect(load({ HOST: '192.168.1.20', RUNNER: 'off' }).runnerEnabled).toBe(false);
  });

  it('refuses to start when RUNNER=on is asked for explicitly on a non-loopback HOST, naming RUNNER_ALLOW_REMOTE', () => {
    expect(() => load({ HOST: '0.0.0.0', RUNNER: 'on' })).toThrow(/RUNNER_ALLOW_REMOTE/);
    expect(problemNames(() => load({ HOST: '10.0.0.5', RUNNER: 'on' }))).toEqual(['RUNNER_ALLOW_REMOTE']);
  });

  it('recognises loopback hosts', () => {
    for (const h of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]', 'LOCALHOST']) expect(isLoopbackHost(h), h).toBe(true);
    for (const h of ['0.0.0.0', '::', '192.168.0.1', 'example.com', '127.0.0.1.example.com']) expect(isLoopbackHost(h), h).toBe(false);
  });

  it('derives the accepted Host names', () => {
    const c = load({ RUNNER_ALLOWED_HOSTS: 'course.lan, box.lan:8080' });
    expect(hostAllowed(c, '127.0.0.1:4000', 4000)).toBe(true);
    expect(hostAllowed(c, 'localhost:4000', 4000)).toBe(true);
    expect(hostAllowed(c, '[::1]:4000', 4000)).toBe(true);
    expect(hostAllowed(c, 'localhost:4001', 4000)).toBe(false);
    expect(hostAllowed(c, 'course.lan', 4000)).toBe(true);
    expect(hostAllowed(c, 'course.lan:9', 4000)).toBe(true);
    expect(hostAllowed(c, 'box.lan:8080', 4000)).toBe(true);
    expect(hostAllowed(c, 'box.lan', 4000)).toBe(false);
    expect(hostAllowed(c, 'evil.example:4000', 4000)).toBe(false);
    expect(hostAllowed(c, undefined, 4000)).toBe(false);
    expect(hostAllowed(c, '', 4000)).toBe(false);
    const specific = load({ HOST: '10.1.2.3', RUNNER: 'off' });
    expect(hostAllowed(specific, '10.1.2.3:4000', 4000)).toBe(true);
    expect(hostAllowed(specific, 'localhost:4000', 4000)).toBe(false);
  });

  it('prints a URL a person can open', () => {
    expect(publicUrl(load({}), 4321)).toBe('http://127.0.0.1:4321/');
    expect(publicUrl(load({ HOST: '0.0.0.0', RUNNER: 'off' }), 80)).toBe('http://127.0.0.1:80/');
    expect(publicUrl(load({ HOST: '::1' }), 5000)).toBe('http://[::1]:5000/');
    expect(publicUrl(load({ BASE_PATH: '/course' }), 5000)).toBe('http://127.0.0.1:5000/course/');
  });

  it('on a shared machine, lists the addresses attendees can open', () => {
    const interfaces = {
      lo: [{ address: '127.0.0.1', family: 'IPv4', internal: true }],
      eth0: [
        { address: '192.168.1.20', family: 'IPv4', internal: false },
        { address: 'fe80::1', family: 'IPv6', internal: false },
      ],
    } as unknown as ReturnType<typeof import('node:os').networkInterfaces>;
    const shared = load({ HOST: '0.0.0.0', RUNNER_ALLOW_REMOTE: 'true', RUNNER_ALLOWED_HOSTS: 'workshop.local', BASE_PATH: '/course/' });
    expect(attendeeUrls(shared, 4321, interfaces)).toEqual(['http://192.168.1.20:4321/course/', 'http://workshop.local:4321/course/']);
    expect(attendeeUrls(load({}), 4321, interfaces)).toEqual([]);
  });
});
