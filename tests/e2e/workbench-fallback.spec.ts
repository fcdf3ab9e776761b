/**
 * The workbench where the local runtime is missing: the explanation panel on a
 * plain static host, and the notice when the in-browser runtime (WebContainer)
 * cannot start. WebContainer loads from StackBlitz hosts; this machine has no
 * network, so its boot fails (shortened timeouts via the __TFC_TEST__ hook).
 */
import { expect, test } from '@playwright/test';
import { lessonsWithExercise } from './support/course.ts';
import { courseServer, staticHost, type Running } from './support/workbench-servers.ts';

// Any lesson of this build with an exercise (port binding's when built); relative to the base path.
const lessons = lessonsWithExercise();
const lesson = lessons.find((l) => l.id === '07-port-binding') ?? lessons[0];
const LESSON = lesson?.path ?? '';
const EXERCISE = lesson?.exercise ?? '';
test.skip(!lesson, 'this build has no lesson with an exercise (LESSONS)');

test.describe('static host without the local runtime', () => {
  let host: Running;
  test.beforeAll(async () => {
    host = await staticHost();
  });
  test.afterAll(async () => host.stop());

  test('explains why code cannot run, shows the CLI route, and still lets the learner edit', async ({ page }) => {
    await page.goto(new URL(LESSON, host.url).href);
    await page.getByRole('button', { name: 'Start exercise' }).click();
    const panel = page.locator('.wb-explain');
    await expect(panel.getByRole('heading', { name: 'Your code cannot run in this page right now' })).toBeVisible();
    await expect(panel).toContainText('not cross-origin isolated');
    await expect(panel).toContainText(/not served by the course server/);
    await expect(panel).toContainText(`npm run exercise -- start ${EXERCISE}`);
    await expect(panel).toContainText(`npm run check -- ${EXERCISE}`);
    await page.getByRole('button', { name: 'Run tests' }).click();
    await expect(page.locator('.wb-summary')).toContainText('cannot run in this page');
    await expect(page.getByRole('tab').first()).toBeVisible();
  });
});

test.describe('course server with RUNNER=off: WebContainer is tried and fails', () => {
  let server: Running;
  test.beforeAll(async () => {
    server = await courseServer({ RUNNER: 'off' });
  });
  test.afterAll(async () => server.stop());

  test('shows "still connecting", then the fallback notice with the CLI route', async ({ page }) => {
    await page.addInitScript(() => {
      (globalThis as { __TFC_TEST__?: unknown }).__TFC_TEST__ = { webcontainer: { slowMs: 500, failMs: 3000 } };
    });
    await page.goto(new URL(LESSON, server.url).href);
    expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    await page.getByRole('button', { name: 'Start exercise' }).click();
    await expect(page.getByText(/Your code runs on:\s*In-browser runtime \(WebContainer\)/)).toBeVisible();
    const status = page.locator('.wb-runtime-status');
    // Without a network it fails at once (StackBlitz unreachable); with a slow one, after 3 s.
    await expect(status).toContainText(/Still connecting|did not start|failed to start|cannot reach StackBlitz/);
    await expect(status).toHaveAttribute('data-state', 'failed', { timeout: 10_000 });
    const panel = page.locator('.wb-explain');
    await expect(panel).toContainText(/did not start within 3 seconds|failed to start|cannot reach StackBlitz/);
    await expect(panel).toContainText(`npm run check -- ${EXERCISE}`);
    // The learner can try again once the network is back, without reloading.
    await page.getByRole('button', { name: 'Try again' }).click();
    await expect(status).toHaveAttribute('data-state', 'failed', { timeout: 10_000 });
    await expect(page.getByRole('button', { name: 'Try again' })).toBeVisible();
  });
});

test('with network access, the in-browser runtime runs the tests', async ({ page }) => {
  // Needs StackBlitz's hosts; skipped where they cannot be reached (this machine, CI).
  const reachable = await fetch('https://stackblitz.com/', { method: 'HEAD', signal: AbortSignal.timeout(3000) }).then(
    () => true,
    () => false,
  );
  test.skip(!reachable, 'WebContainer loads its runtime from StackBlitz hosts, which are unreachable from here (no network).');
  const server = await courseServer({ RUNNER: 'off' });
  try {
    await page.goto(new URL(LESSON, server.url).href);
    await page.getByRole('button', { name: 'Start exercise' }).click();
    await expect(page.locator('.wb-runtime-status')).toHaveAttribute('data-state', 'ready', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Run tests' }).click();
    await expect(page.locator('.wb-summary')).toHaveText(/checks pass/, { timeout: 60_000 });
  } finally {
    await server.stop();
  }
});
