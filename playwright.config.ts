import { defineConfig } from '@playwright/test';
import { readBuildInfo } from './src/server/build-info.ts';
import { chromiumArgs, findChromium } from './tests/e2e/support/browser.ts';

// The end-to-end tests run against the built site served by the real course server,
// under the base path the build was made for (its stamp, dist/.course-build.json):
// a fork built with BASE_PATH=/course/ is tested at /course/. Tests navigate with
// paths relative to it ('lessons/03-config/', './' for the home page).
const port = Number(process.env['E2E_PORT'] ?? 4391);
const rawBase = readBuildInfo('dist')?.basePath ?? '/';
const basePath = rawBase.endsWith('/') ? rawBase : `${rawBase}/`;
const baseURL = `http://127.0.0.1:${port}${basePath}`;
const executablePath = findChromium();

export default defineConfig({
  testDir: 'tests/e2e',
  fullyParallel: false,
  workers: 2,
  retries: process.env['CI'] ? 1 : 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env['CI'] ? [['list']] : [['list']],
  use: {
    baseURL,
    browserName: 'chromium',
    headless: true,
    launchOptions: { args: chromiumArgs, ...(executablePath ? { executablePath } : {}) },
    trace: 'retain-on-failure',
  },
  webServer: {
    command: 'node src/server/main.ts',
    url: baseURL,
    env: { PORT: String(port), HOST: '127.0.0.1' },
    reuseExistingServer: false,
    timeout: 30_000,
    stdout: 'ignore',
    stderr: 'pipe',
  },
});
