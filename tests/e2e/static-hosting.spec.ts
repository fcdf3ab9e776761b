/**
 * The GitHub Pages route: a host that sends no isolation headers. Built with
 * ISOLATION_SERVICE_WORKER=true, the pages install coi-serviceworker, reload
 * once, and are then cross-origin isolated (what WebContainer needs).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from '@playwright/test';
import { basePath, builtLessons } from './support/course.ts';
import { staticHost, type Running } from './support/workbench-servers.ts';

let outDir = '';
let host: Running | undefined;
// The course as dist/ was built (base path, lessons), so a fork's settings are tested here too
// even when they were given to `npm run build` only and are not in this process's environment.
const lessons = builtLessons();
const lesson = lessons.find((l) => l.id === '07-port-binding') ?? lessons[0];

test.beforeAll(() => {
  outDir = mkdtempSync(join(tmpdir(), 'tfc-static-'));
  const course: Record<string, string> = { BASE_PATH: basePath() };
  if (lessons.length > 0) course['LESSONS'] = lessons.map((l) => l.id).join(',');
  const build = spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build', '--outDir', outDir], {
    env: { ...process.env, ...course, ISOLATION_SERVICE_WORKER: 'true' },
    encoding: 'utf8',
    timeout: 120_000,
  });
  expect(build.status, build.stderr).toBe(0);
});

test.afterAll(async () => {
  await host?.stop();
  if (outDir) rmSync(outDir, { recursive: true, force: true });
});

test('the build carries _headers and the service worker for static hosts', () => {
  expect(readFileSync(join(outDir, '_headers'), 'utf8')).toContain('Cross-Origin-Opener-Policy: same-origin');
  expect(existsSync(join(outDir, 'coi-serviceworker.js'))).toBe(true);
});

test('a static host without isolation headers still gives isolated pages', async ({ page }) => {
  test.skip(!lesson, 'this build has no lessons (LESSONS)');
  host = await staticHost(outDir);
  const response = await page.goto(new URL(lesson!.path, host.url).href);
  expect(response?.headers()['cross-origin-opener-policy']).toBeUndefined();
  await expect.poll(() => page.evaluate(() => crossOriginIsolated).catch(() => false), { timeout: 15_000 }).toBe(true);
  await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
});
