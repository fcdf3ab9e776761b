/** Serving the built site: isolation headers everywhere, types, caching, compression, 404, base path. */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIG_JS, http, makeDist, removeDir, start, testConfig, type Reply, type Started } from './helpers.ts';

function expectIsolated(r: Reply, coep = 'credentialless') {
  expect(r.headers['cross-origin-opener-policy']).toBe('same-origin');
  expect(r.headers['cross-origin-embedder-policy']).toBe(coep);
  expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
  expect(r.headers['x-content-type-options']).toBe('nosniff');
}

describe('static site', () => {
  let dist: string;
  let s: Started;
  beforeAll(async () => {
    dist = makeDist();
    s = await start(testConfig(dist, { RUNNER: 'off' }));
  });
  afterAll(async () => {
    await s.close();
    removeDir(dist);
  });

  it('serves HTML with isolation headers, revalidation caching and an ETag (304 when unchanged)', async () => {
    const r = await http({ port: s.port, path: '/' });
    expect(r.status).toBe(200);
    expect(r.headers['content-type']).toBe('text/html;charset=utf-8');
    expect(r.text).toContain('<h1>Course</h1>');
    expect(r.headers['cache-control']).toBe('no-cache');
    expectIsolated(r);
    const etag = r.headers['etag'];
    expect(etag).toBeTruthy();
    const again = await http({ port: s.port, path: '/', headers: { 'if-none-match': etag! } });
    expect(again.status).toBe(304);
    expectIsolated(again);
  });

  it('serves directory pages with and without a trailing slash', async () => {
    for (const path of ['/lessons/07-port-binding/', '/lessons/07-port-binding', '/lessons/07-port-binding/?q=1']) {
      const r = await http({ port: s.port, path });
      expect(r.status, path).toBe(200);
      expect(r.text).toContain('<h1>VII</h1>');
    }
  });

  it('caches hashed /_astro/ assets for a year, immutable, with the right types', async () => {
    const js = await http({ port: s.port, path: '/_astro/app.Ab12Cd.js' });
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript');
    expect(js.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(js.text).toBe(BIG_JS);
    expectIsolated(js);
    const css = await http({ port: s.port, path: '/_astro/style.Ef34Gh.css' });
    expect(css.headers['content-type']).toBe('text/css');
    expect(css.headers['cache-control']).toContain('immutable');
  });

  it('gives other files correct types and revalidation caching', async () => {
    const cases: Array<[string, string]> = [
      ['/exercises/07-port-binding.json', 'application/json'],
      ['/favicon.svg', 'image/svg+xml'],
      ['/pagefind/pagefind-entry.json', 'application/json'],
      ['/pagefind/index/en_1.pf_index', 'application/octet-stream'],
    ];
    for (const [path, type] of cases) {
      const r = await http({ port: s.port, path });
      expect(r.status, path).toBe(200);
      expect(r.headers['content-type'], path).toBe(type);
      expect(r.headers['cache-control'], path).toBe('no-cache');
      expectIsolated(r);
    }
  });

  it('compresses with br or gzip when accepted, and not otherwise', async () => {
    const br = await http({ port: s.port, path: '/_astro/app.Ab12Cd.js', headers: { 'accept-encoding': 'gzip, deflate, br' } });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['vary']).toMatch(/Accept-Encoding/i);
    expect(brotliDecompressSync(br.body).toString()).toBe(BIG_JS);
    expect(br.body.length).toBeLessThan(BIG_JS.length / 4);
    expectIsolated(br);

    const gzip = await http({ port: s.port, path: '/', headers: { 'accept-encoding': 'gzip' } });
    expect(gzip.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gzip.body).toString()).toContain('<h1>Course</h1>');

    const plain = await http({ port: s.port, path: '/_astro/app.Ab12Cd.js' });
    expect(plain.headers['content-encoding']).toBeUndefined();
  });

  it("answers unknown paths with the site's 404 page, status 404, isolation headers", async () => {
    for (const path of ['/no/such/page', '/_astro/missing.js', '/.course-build.json', '/_astro/../index.html', '/%2e%2e/%2e%2e/etc/passwd', '/..%2f..%2fetc/passwd']) {
      const r = await http({ port: s.port, path });
      expect(r.status, path).toBe(404);
      expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(r.text).toContain('Lost in the factors');
      expect(r.headers['cache-control']).toBe('no-store');
      expectIsolated(r);
    }
  });

  it('answers other methods with 405 and Allow, isolation headers included', async () => {
    const r = await http({ port: s.port, method: 'POST', path: '/' });
    expect(r.status).toBe(405);
    expect(r.headers['allow']).toBe('GET, HEAD');
    expectIsolated(r);
    const head = await http({ port: s.port, method: 'HEAD', path: '/' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
  });
});

describe('static site under a base path, COEP from the build stamp', () => {
  let dist: string;
  let s: Started;
  beforeAll(async () => {
    dist = makeDist({ basePath: '/twelve-factor/', coep: 'require-corp' });
    // The stamp wins over the environment: the server must match what was built.
    s = await start(testConfig(dist, { RUNNER: 'off', BASE_PATH: '/other/' }));
  });
  afterAll(async () => {
    await s.close();
    removeDir(dist);
  });

  it('serves the site below the base path', async () => {
    const page = await http({ port: s.port, path: '/twelve-factor/' });
    expect(page.status).toBe(200);
    expect(page.text).toContain('<h1>Course</h1>');
    expectIsolated(page, 'require-corp');
    const asset = await http({ port: s.port, path: '/twelve-factor/_astro/app.Ab12Cd.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['cache-control']).toContain('immutable');
    expect((await http({ port: s.port, path: '/twelve-factor/lessons/07-port-binding/' })).status).toBe(200);
  });

  it('redirects the root and the bare base path, 404s everything outside it', async () => {
    const root = await http({ port: s.port, path: '/?a=1' });
    expect(root.status).toBe(302);
    expect(root.headers['location']).toBe('/twelve-factor/?a=1');
    expectIsolated(root, 'require-corp');
    const bare = await http({ port: s.port, path: '/twelve-factor' });
    expect(bare.status).toBe(301);
    expect(bare.headers['location']).toBe('/twelve-factor/');
    for (const path of ['/index.html', '/_astro/app.Ab12Cd.js', '/twelve-factorx/', '/other/']) {
      const r = await http({ port: s.port, path });
      expect(r.status, path).toBe(404);
      expect(r.text).toContain('Lost in the factors');
      expectIsolated(r, 'require-corp');
    }
  });

  it('answers the API both at /api/ and below the base path', async () => {
    expect((await http({ port: s.port, path: '/api/runtime' })).status).toBe(503);
    expect((await http({ port: s.port, path: '/twelve-factor/api/runtime' })).status).toBe(503);
  });
});

describe('the real build', () => {
  const dist = resolve('dist');
  const built = existsSync(join(dist, 'index.html'));
  it.skipIf(!built)('serves dist/ with isolation headers (skipped when dist/index.html is missing: run `npm run build`)', async () => {
    const s = await start(testConfig(dist, { RUNNER: 'off' }));
    try {
      const base = testConfig(dist).basePath;
      const page = await http({ port: s.port, path: base });
      expect(page.status).toBe(200);
      expect(page.headers['content-type']).toBe('text/html;charset=utf-8');
      expect(page.headers['cross-origin-opener-policy']).toBe('same-origin');
      expect(page.headers['cross-origin-embedder-policy']).toMatch(/^(credentialless|require-corp)$/);
      const asset = /(?:src|href)="([^"]*\/_astro\/[^"]+)"/.exec(page.text)?.[1];
      if (asset) {
        const r = await http({ port: s.port, path: asset });
        expect(r.status).toBe(200);
        expect(r.headers['cache-control']).toContain('immutable');
        expect(r.headers['cross-origin-resource-policy']).toBe('same-origin');
      }
      const missing = await http({ port: s.port, path: `${base}no-such-page-here/` });
      expect(missing.status).toBe(404);
      expect(missing.headers['cross-origin-embedder-policy']).toBeTruthy();
    } finally {
      await s.close();
    }
  });
});
