import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { afterAll, describe, expect, it } from 'vitest';
import { cloudflare, githubPages, netlify, recipe, stage, TARGETS, vercel } from '../../../scripts/hosting.ts';
import { headersFile } from '../../../src/integrations/static-hosting.ts';
import { cleanEnv, removeTemps, root, tempDir, which } from './support.ts';

/**
 * The recipes for hosts that cannot run here (Netlify, Cloudflare Pages, Vercel,
 * GitHub Pages), checked by what their files mean: which headers each URL path
 * gets under the host's own matching rules. The served recipes are in servers.test.ts.
 */
const IMMUTABLE = 'public, max-age=31536000, immutable';
const isolation = (coep: string) => ({ 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': coep, 'Cross-Origin-Resource-Policy': 'same-origin' });

afterAll(removeTemps);

/** Netlify / Cloudflare `_headers`: a path line, then indented "Name: value" lines; `*` is a splat; every matching rule applies. */
function headersFor(file: string, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  let applies = false;
  for (const line of file.split('\n')) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const pattern = new RegExp(`^${line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);
      applies = pattern.test(path);
      continue;
    }
    const [name, ...value] = line.trim().split(':');
    if (applies && name) out[name.trim()] = value.join(':').trim();
  }
  return out;
}

/** Vercel: `source` is a path-to-regexp pattern (only `(.*)` is used here); every matching rule applies (ours set different headers). */
function vercelHeadersFor(config: { headers: { source: string; headers: { key: string; value: string }[] }[] }, path: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const rule of config.headers) {
    const pattern = rule.source
      .split('(.*)')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*');
    if (!new RegExp(`^${pattern}$`).test(path)) continue;
    for (const h of rule.headers) out[h.key] = h.value;
  }
  return out;
}

describe.each([
  { base: '/', coep: 'credentialless' },
  { base: '/course/', coep: 'require-corp' },
])('static hosts for BASE_PATH=$base, WEBCONTAINER_COEP=$coep', ({ base, coep }) => {
  const page = `${base}lessons/07-port-binding/`;
  const asset = `${base}_astro/index.B2x9.css`;

  it('_headers (the build writes it; Cloudflare Pages and Netlify read it) isolates every page and caches hashed assets for good', () => {
    const file = headersFile(base, coep);
    expect(headersFor(file, page)).toEqual(isolation(coep));
    expect(headersFor(file, asset)).toEqual({ ...isolation(coep), 'Cache-Control': IMMUTABLE });
    // Paths outside the base path are not the course's: no rule claims them.
    if (base !== '/') expect(headersFor(file, '/_astro/index.B2x9.css')).toEqual({});
    expect(cloudflare({ base, coep })).toContain(file);
  });

  it('netlify.toml: the same headers, and a build that publishes the base path where Netlify serves it', () => {
    const config = parseToml(netlify({ base, coep })) as { build: { command: string; publish: string }; headers: { for: string; values: Record<string, string> }[] };
    const asToHeaders = config.headers.map((h) => `${h.for}\n${Object.entries(h.values).map(([k, v]) => `  ${k}: ${v}`).join('\n')}`).join('\n');
    expect(headersFor(asToHeaders, page)).toEqual(isolation(coep));
    expect(headersFor(asToHeaders, asset)).toEqual({ ...isolation(coep), 'Cache-Control': IMMUTABLE });
    expect(config.build).toEqual(base === '/' ? { command: 'npm run build', publish: 'dist' } : { command: 'npm run build && npm run hosting -- stage site', publish: 'site' });
  });

  it('vercel.json: the same headers on the same paths', () => {
    const config = JSON.parse(vercel({ base, coep }));
    expect(vercelHeadersFor(config, page)).toEqual(isolation(coep));
    expect(vercelHeadersFor(config, asset)).toEqual({ ...isolation(coep), 'Cache-Control': IMMUTABLE });
    expect(config.outputDirectory).toBe(base === '/' ? 'dist' : 'site');
    expect(config.framework).toBeNull();
  });

  it('GitHub Pages: the service worker instead of headers, with the base path', () => {
    const notes = githubPages({ base, coep });
    expect(notes).toMatch(/^ISOLATION_SERVICE_WORKER=true$/m);
    expect(notes).toMatch(new RegExp(`^BASE_PATH=${base}$`, 'm'));
  });
});

describe('npm run hosting -- stage <folder>', () => {
  function fakeDist(base: string, coep: string): string {
    const dist = join(tempDir('tfc-hosting-stage-'), 'dist');
    mkdirSync(join(dist, '_astro'), { recursive: true });
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Course</title>');
    writeFileSync(join(dist, '_astro/index.B2x9.css'), 'body{}');
    writeFileSync(join(dist, '_headers'), headersFile(base, coep));
    writeFileSync(join(dist, '.course-build.json'), JSON.stringify({ version: 1, builtAt: 'x', inputs: 'x', env: 'x', basePath: base, coep }));
    return dist;
  }

  it('puts dist/ under the base path and _headers at the top, where Netlify, Cloudflare and Vercel read the published folder', () => {
    const dist = fakeDist('/course/', 'credentialless');
    const site = join(dist, '..', 'site');
    expect(stage(dist, site)).toMatchObject({ base: '/course/' });
    expect(readFileSync(join(site, 'course/index.html'), 'utf8')).toContain('<title>Course</title>');
    expect(existsSync(join(site, 'course/_astro/index.B2x9.css'))).toBe(true);
    expect(readFileSync(join(site, '_headers'), 'utf8')).toBe(headersFile('/course/', 'credentialless'));
    expect(existsSync(join(site, 'course/_headers'))).toBe(false);
    expect(existsSync(join(site, 'course/.course-build.json'))).toBe(false);
  });

  it('refuses a folder that is not empty, and a dist/ without a build', () => {
    const dist = fakeDist('/', 'credentialless');
    expect(() => stage(dist, join(dist, '..'))).toThrow(/not empty/);
    expect(() => stage(join(dist, 'nowhere'), join(dist, '..', 'site'))).toThrow(/npm run build/);
  });
});

describe('npm run hosting (the command)', () => {
  const run = (args: string[], cwd: string) =>
    spawnSync(process.execPath, [join(root, 'scripts/hosting.ts'), ...args], { cwd, encoding: 'utf8', env: { ...cleanEnv, BASE_PATH: '', WEBCONTAINER_COEP: '' } });

  it("takes the base path and COEP from the build in dist/ unless told otherwise, and says where they came from", () => {
    const dir = tempDir('tfc-hosting-cli-');
    mkdirSync(join(dir, 'dist'));
    writeFileSync(join(dir, 'dist/.course-build.json'), JSON.stringify({ version: 1, builtAt: 'x', inputs: 'x', env: 'x', basePath: '/twelve/', coep: 'require-corp' }));
    const fromBuild = run(['nginx'], dir);
    expect(fromBuild.status, fromBuild.stderr).toBe(0);
    expect(fromBuild.stdout).toContain('location /twelve/_astro/ {');
    expect(fromBuild.stdout).toContain('add_header Cross-Origin-Embedder-Policy "require-corp" always;');
    expect(fromBuild.stderr).toMatch(/BASE_PATH=\/twelve\/ \(from the build in dist\/\)/);

    const told = run(['caddy', '--base', 'x', '--coep', 'credentialless'], dir);
    expect(told.status, told.stderr).toBe(0);
    expect(told.stdout).toContain('handle_path /x/* {');
    expect(told.stdout).toContain('Cross-Origin-Embedder-Policy credentialless');

    const bad = run(['nginx', '--coep', 'none'], dir);
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--coep must be one of credentialless, require-corp/);
    const unknown = run(['iis'], dir);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(/Unknown target "iis"/);
  });
});

describe('docs/hosting/ examples', () => {
  const files: Record<string, string> = {
    nginx: 'nginx.conf',
    caddy: 'Caddyfile',
    apache: 'apache.conf',
    netlify: 'netlify.toml',
    cloudflare: '_headers',
    vercel: 'vercel.json',
    'github-pages': 'github-pages.env',
    'caddy-proxy': 'Caddyfile.proxy',
  };

  it.each(TARGETS.map((target) => ({ target, file: files[target]! })))('docs/hosting/$file is what `npm run hosting -- $target --base /course/` writes', ({ target, file }) => {
    const expected = recipe(target, { base: '/course/', coep: 'credentialless' });
    const path = join(root, 'docs/hosting', file);
    expect(existsSync(path) ? readFileSync(path, 'utf8') : null, `regenerate with: npm run hosting -- ${target} --base /course/ --coep credentialless --out docs/hosting/${file}`).toBe(expected);
  });
});

/** The examples as shipped (production names and paths, not the test's ports), through each server's own config check. */
describe('docs/hosting/ examples pass the servers’ own config checks', () => {
  const caddyBin = which('caddy');
  it.skipIf(!caddyBin)(`Caddyfile and Caddyfile.proxy adapt cleanly${caddyBin ? '' : ' (skipped: caddy is not installed)'}`, () => {
    const home = tempDir('tfc-hosting-adapt-');
    for (const file of ['Caddyfile', 'Caddyfile.proxy']) {
      const result = spawnSync(caddyBin!, ['adapt', '--config', join(root, 'docs/hosting', file), '--adapter', 'caddyfile'], { cwd: home, encoding: 'utf8', env: { ...cleanEnv, HOME: home } });
      expect(result.status, `${file}:\n${result.stderr}`).toBe(0);
      expect(result.stderr, `${file}: no warnings (e.g. "not formatted")`).not.toMatch(/"level":"warn"/);
    }
  });

  const nginxBin = which('nginx');
  it.skipIf(!nginxBin)(`nginx.conf passes nginx -t${nginxBin ? '' : ' (skipped: nginx is not installed)'}`, () => {
    const dir = tempDir('tfc-hosting-nginx-t-');
    const server = readFileSync(join(root, 'docs/hosting/nginx.conf'), 'utf8');
    writeFileSync(join(dir, 'nginx.conf'), `pid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n    include /etc/nginx/mime.types;\n${server}}\n`);
    const result = spawnSync(nginxBin!, ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
  });

  const apacheBin = which('apache2');
  it.skipIf(!apacheBin)(`apache.conf passes apache2 -t${apacheBin ? '' : ' (skipped: apache2 is not installed)'}`, () => {
    const dir = tempDir('tfc-hosting-apache-t-');
    const vhost = readFileSync(join(root, 'docs/hosting/apache.conf'), 'utf8');
    const modules = ['mpm_event', 'authz_core', 'mime', 'dir', 'alias', 'headers'].map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`).join('\n');
    writeFileSync(join(dir, 'apache2.conf'), `ServerRoot ${dir}\nServerName localhost\n${modules}\nListen 127.0.0.1:80\nPidFile ${dir}/apache2.pid\nDefaultRuntimeDir ${dir}\nErrorLog ${dir}/error.log\n\n${vhost}`);
    const result = spawnSync(apacheBin!, ['-t', '-f', join(dir, 'apache2.conf')], { encoding: 'utf8' });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/Syntax OK/);
  });
});
