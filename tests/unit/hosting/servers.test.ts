import { readFileSync, writeFileSync } from 'node:fs';
import { get as httpGet } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apache, caddy, caddyProxy, nginx } from '../../../scripts/hosting.ts';
import { headersFile } from '../../../src/integrations/static-hosting.ts';
import { findChromium } from '../../e2e/support/browser.ts';
import { assetPath, build, freePort, project, removeTemps, startServer, tempDir, which, type Running } from './support.ts';

/**
 * The nginx, Caddy and Apache recipes `npm run hosting` writes, served for real:
 * a small build at the root and one under BASE_PATH=/course/, each server on a
 * free port with the generated config, checked over HTTP (status, isolation
 * headers, immutable hashed assets) and in Chromium (crossOriginIsolated).
 * A server that is not installed is skipped, saying so.
 */
const COEP = 'credentialless';
const IMMUTABLE = 'public, max-age=31536000, immutable';
const BUILDS = { root: '/', base: '/course/' } as const;
type BuildName = keyof typeof BUILDS;

let work = '';
const dist: Record<BuildName, string> = { root: '', base: '' };

beforeAll(async () => {
  work = tempDir('tfc-hosting-');
  const results = await Promise.all(
    (Object.keys(BUILDS) as BuildName[]).map(async (name) => {
      const dir = project(work, name);
      const result = await build(dir, { BASE_PATH: BUILDS[name], WEBCONTAINER_COEP: COEP });
      dist[name] = join(dir, 'dist');
      return { name, ...result };
    }),
  );
  for (const r of results) if (r.status !== 0) throw new Error(`the ${r.name} build failed:\n${r.output}`);
}, 180_000);

/** One Chromium for every server's check, launched when the first one needs it. */
let browser: Promise<Browser> | undefined;
function openBrowser(executablePath: string): Promise<Browser> {
  browser ??= import('playwright-core').then(({ chromium }) =>
    chromium.launch({ executablePath, args: ['--no-sandbox', '--disable-gpu', '--headless', '--disable-background-networking', '--no-first-run', '--host-resolver-rules=MAP course.test 127.0.0.1'] }),
  );
  return browser;
}

afterAll(async () => {
  await (await browser?.catch(() => undefined))?.close();
  removeTemps();
});

it('the build writes _headers for its own base path (Netlify, Cloudflare Pages)', () => {
  expect(readFileSync(join(dist.root, '_headers'), 'utf8')).toBe(headersFile('/', COEP));
  const base = readFileSync(join(dist.base, '_headers'), 'utf8');
  expect(base).toBe(headersFile('/course/', COEP));
  expect(base).toMatch(/^\/course\/_astro\/\*\n {2}Cache-Control: public, max-age=31536000, immutable$/m);
  expect(base).not.toMatch(/^\/_astro\//m);
});

interface ServerKind {
  name: string;
  binary: string;
  start: (build: BuildName, port: number, dir: string) => Promise<Running>;
}

const servers: ServerKind[] = [
  {
    name: 'nginx',
    binary: 'nginx',
    start: async (name, port, dir) => {
      const server = nginx({ base: BUILDS[name], coep: COEP, root: dist[name], listen: `127.0.0.1:${port}`, serverName: 'localhost' });
      const temps = ['body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `    ${t === 'body' ? 'client_body' : t}_temp_path ${dir}/${t};`).join('\n');
      writeFileSync(
        join(dir, 'nginx.conf'),
        `master_process off;\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log;\nevents {}\nhttp {\n    include /etc/nginx/mime.types;\n    default_type application/octet-stream;\n    access_log off;\n${temps}\n${server}}\n`,
      );
      return startServer(which('nginx') ?? 'nginx', ['-p', dir, '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'], { port, logFile: join(dir, 'error.log') });
    },
  },
  {
    name: 'Caddy',
    binary: 'caddy',
    start: async (name, port, dir) => {
      const site = caddy({ base: BUILDS[name], coep: COEP, root: dist[name], listen: `http://127.0.0.1:${port}` });
      writeFileSync(join(dir, 'Caddyfile'), `{\n\tadmin off\n}\n\n${site}`);
      const env = { HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
      return startServer(which('caddy') ?? 'caddy', ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { port, env });
    },
  },
  {
    name: 'Apache',
    binary: 'apache2',
    start: async (name, port, dir) => {
      const vhost = apache({ base: BUILDS[name], coep: COEP, root: dist[name], listen: String(port), serverName: 'localhost' });
      const modules = ['mpm_event', 'authz_core', 'mime', 'dir', 'alias', 'headers']
        .map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`)
        .join('\n');
      const user = process.getuid?.() === 0 ? 'User nobody\nGroup nogroup\n' : '';
      writeFileSync(
        join(dir, 'apache2.conf'),
        `ServerRoot ${dir}\nServerName localhost\n${modules}\n${user}Listen 127.0.0.1:${port}\nPidFile ${dir}/apache2.pid\nDefaultRuntimeDir ${dir}\nMutex file:${dir} default\nErrorLog ${dir}/error.log\nTypesConfig /etc/mime.types\n\n${vhost}`,
      );
      return startServer(which('apache2') ?? 'apache2', ['-f', join(dir, 'apache2.conf'), '-X'], { port, logFile: join(dir, 'error.log') });
    },
  },
];

function expectIsolated(response: Response, what: string) {
  expect(
    {
      'cross-origin-opener-policy': response.headers.get('cross-origin-opener-policy'),
      'cross-origin-embedder-policy': response.headers.get('cross-origin-embedder-policy'),
      'cross-origin-resource-policy': response.headers.get('cross-origin-resource-policy'),
    },
    what,
  ).toEqual({ 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': COEP, 'cross-origin-resource-policy': 'same-origin' });
}

for (const kind of servers) {
  const binary = which(kind.binary);
  describe.skipIf(!binary)(`${kind.name} recipe${binary ? '' : ` (skipped: ${kind.binary} is not installed; apt-get install ${kind.binary === 'apache2' ? 'apache2' : kind.binary})`}`, () => {
    const running: Partial<Record<BuildName, Running>> = {};

    beforeAll(async () => {
      for (const name of Object.keys(BUILDS) as BuildName[]) {
        const dir = tempDir(`tfc-hosting-${kind.binary}-`);
        running[name] = await kind.start(name, await freePort(), dir);
      }
    }, 40_000);

    afterAll(async () => {
      await Promise.all(Object.values(running).map((r) => r?.stop()));
    });

    for (const name of Object.keys(BUILDS) as BuildName[]) {
      const base = BUILDS[name];
      it(`serves the ${name} build (BASE_PATH=${base}) cross-origin isolated, with immutable hashed assets`, async () => {
        const server = running[name]!;
        const get = (path: string) => fetch(server.origin + path, { redirect: 'manual' });
        const context = () => `(${kind.name}, ${name} build; server log:\n${server.log()})`;

        const home = await get(base);
        expect(home.status, `GET ${base} ${context()}`).toBe(200);
        expect(home.headers.get('content-type')).toMatch(/^text\/html/);
        expectIsolated(home, `GET ${base}`);
        expect(home.headers.get('cache-control')).toBe('no-cache');
        const html = await home.text();

        const asset = assetPath(html, base);
        const hashed = await get(asset);
        expect(hashed.status, `GET ${asset} ${context()}`).toBe(200);
        expect(hashed.headers.get('content-type')).toMatch(/^(text\/css|(text|application)\/javascript)/);
        expect(hashed.headers.get('cache-control'), `GET ${asset}`).toBe(IMMUTABLE);
        expectIsolated(hashed, `GET ${asset}`);
        expect(await hashed.text()).toBe(readFileSync(join(dist[name], asset.slice(base.length)), 'utf8'));

        const lesson = await get(`${base}lessons/07-port-binding/`);
        expect(lesson.status, `GET ${base}lessons/07-port-binding/ ${context()}`).toBe(200);
        expectIsolated(lesson, 'a lesson page');

        const noSlash = await get(`${base}lessons/07-port-binding`);
        expect([301, 302, 307, 308], 'a folder without its slash redirects').toContain(noSlash.status);
        expect(noSlash.headers.get('location')).toMatch(new RegExp(`${base}lessons/07-port-binding/$`));

        const missing = await get(`${base}no-such-page/`);
        expect(missing.status, `GET ${base}no-such-page/ ${context()}`).toBe(404);
        expectIsolated(missing, 'the 404 page');
        expect(await missing.text()).toBe(readFileSync(join(dist[name], '404.html'), 'utf8'));

        const stamp = await get(`${base}.course-build.json`);
        expect(stamp.status, 'the build stamp is not served').toBe(404);

        if (base !== '/') {
          const bare = await get(base.slice(0, -1));
          expect([301, 302, 307, 308], `GET ${base.slice(0, -1)}`).toContain(bare.status);
          expect(bare.headers.get('location')).toMatch(new RegExp(`${base}$`));
        }
      });
    }

    const chromium = findChromium();
    it.skipIf(!chromium)(`pages are crossOriginIsolated in Chromium${chromium ? '' : ' (skipped: no Chromium; set CHROMIUM_PATH)'}`, async () => {
      const page = await (await openBrowser(chromium!)).newPage();
      try {
        for (const name of Object.keys(BUILDS) as BuildName[]) {
          const url = running[name]!.origin + BUILDS[name];
          await page.goto(url, { waitUntil: 'domcontentloaded' });
          expect(await page.evaluate(() => ({ isolated: globalThis.crossOriginIsolated, sab: typeof SharedArrayBuffer })), `${kind.name}, ${url}`).toEqual({
            isolated: true,
            sab: 'function',
          });
        }
      } finally {
        await page.close();
      }
    });
  });
}

/**
 * Shared-machine mode over HTTPS: the course server on loopback, Caddy in front with
 * the caddy-proxy recipe (a certificate from Caddy's local CA), RUNNER_ALLOWED_HOSTS
 * naming the host learners type.
 */
const caddyBinary = which('caddy');
describe.skipIf(!caddyBinary)(`caddy-proxy recipe${caddyBinary ? '' : ' (skipped: caddy is not installed; apt-get install caddy)'}`, () => {
  const HOSTNAME = 'course.test';
  let course: Running | undefined;
  let proxy: Running | undefined;
  let httpsPort = 0;

  /** An HTTPS request to the proxy as a browser on HOSTNAME would send it (Caddy's local CA is not trusted here). */
  function viaProxy(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
    return new Promise((done, fail) => {
      const req = httpsRequest(
        { host: '127.0.0.1', port: httpsPort, path, servername: HOSTNAME, rejectUnauthorized: false, headers: { Host: `${HOSTNAME}:${httpsPort}`, ...headers } },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (d: string) => (body += d));
          res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body }));
        },
      );
      req.on('error', fail);
      req.end();
    });
  }

  beforeAll(async () => {
    const coursePort = await freePort();
    course = await startServer(process.execPath, [join(dist.root, '../src/server/main.ts')], {
      port: coursePort,
      env: { HOST: '127.0.0.1', PORT: String(coursePort), RUNNER_ALLOWED_HOSTS: HOSTNAME, NO_COLOR: '1' },
      cwd: join(dist.root, '..'),
    });
    const dir = tempDir('tfc-hosting-proxy-');
    httpsPort = await freePort();
    const site = caddyProxy({ base: '/', coep: COEP, listen: `https://${HOSTNAME}:${httpsPort}`, serverName: HOSTNAME, upstream: `127.0.0.1:${coursePort}`, tlsInternal: true });
    writeFileSync(join(dir, 'Caddyfile'), `{\n\tadmin off\n\tskip_install_trust\n\tauto_https disable_redirects\n\thttp_port ${await freePort()}\n}\n\n${site}`);
    const env = { HOME: dir, XDG_DATA_HOME: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config') };
    proxy = await startServer(caddyBinary!, ['run', '--config', join(dir, 'Caddyfile'), '--adapter', 'caddyfile'], { port: httpsPort, env });
  }, 40_000);

  afterAll(async () => {
    await Promise.all([proxy?.stop(), course?.stop()]);
  });

  it('serves the course over HTTPS with the isolation headers, and the runner API answers for the proxied host name', async () => {
    const home = await viaProxy('/');
    expect(home.status, `GET / through Caddy; proxy log:\n${proxy?.log()}\ncourse server log:\n${course?.log()}`).toBe(200);
    expect(home.headers['cross-origin-opener-policy']).toBe('same-origin');
    expect(home.headers['cross-origin-embedder-policy']).toBe(COEP);
    expect(home.headers['cross-origin-resource-policy']).toBe('same-origin');

    // The page's own request for the runtime: same origin, through the proxy.
    const runtime = await viaProxy('/api/runtime', { Origin: `https://${HOSTNAME}:${httpsPort}`, 'Sec-Fetch-Site': 'same-origin' });
    expect(runtime.status, `GET /api/runtime through Caddy: ${runtime.body}`).toBe(200);
    expect(JSON.parse(runtime.body)).toHaveProperty('token');

    // Without RUNNER_ALLOWED_HOSTS naming it, the server would refuse that Host: it does for any other name.
    const other = await new Promise<number>((done, fail) =>
      httpGet({ host: '127.0.0.1', port: course!.port, path: '/api/runtime', headers: { Host: 'elsewhere.test' } }, (res) => {
        res.resume();
        done(res.statusCode ?? 0);
      }).on('error', fail),
    );
    expect(other).toBe(403);
  });

  const chromium = findChromium();
  it.skipIf(!chromium)(`the proxied course is crossOriginIsolated in Chromium${chromium ? '' : ' (skipped: no Chromium; set CHROMIUM_PATH)'}`, async () => {
    const context = await (await openBrowser(chromium!)).newContext({ ignoreHTTPSErrors: true });
    try {
      const page = await context.newPage();
      await page.goto(`https://${HOSTNAME}:${httpsPort}/`, { waitUntil: 'domcontentloaded' });
      expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    } finally {
      await context.close();
    }
  });
});
