/**
 * Helpers for the workbench end-to-end tests. Servers for the fallback tests: the built site on a plain static
 * host (no isolation headers, no runner API), and the course server with its
 * runner switched off. Each listens on a free loopback port and is stopped by
 * the test that started it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, type Page } from '@playwright/test';
import sirv from 'sirv';
import { basePath } from './course.ts';

/**
 * Opens the workbench on a lesson page: clicks Start/Continue, or waits when
 * a returning learner's workbench mounts by itself as it scrolls into view
 * (which can happen in the middle of the click).
 */
export async function openWorkbench(page: Page, url: string): Promise<void> {
  // `url` is relative to the base path (e.g. lessons/07-port-binding/), or absolute for another server.
  await page.goto(url);
  const button = page.getByRole('button', { name: /^(Start|Continue) exercise$/ });
  if (await button.isVisible()) await button.click({ timeout: 3000 }).catch(() => undefined);
  await expect(page.getByRole('tab').first()).toBeVisible();
}

export interface Running {
  /** Where the course is served: origin plus the build's base path, ending in "/" (resolve relative paths against it). */
  url: string;
  stop(): Promise<void>;
}

/**
 * A build served by sirv on node:http under its base path (as a static host
 * serves a site published below a sub-folder): what GitHub Pages or any static
 * host gives.
 */
export async function staticHost(dir = 'dist'): Promise<Running> {
  const base = basePath(dir);
  const serve = sirv(dir, { dev: false, etag: true });
  const notFound = (res: ServerResponse): void => {
    res.writeHead(404).end('Not found');
  };
  const server: Server = createServer((req, res) => {
    const url = req.url ?? '/';
    if (!url.startsWith(base)) {
      notFound(res);
      return;
    }
    req.url = url.slice(base.length - 1);
    serve(req, res, () => notFound(res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${base}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

/** The course server (`node src/server/main.ts`) with extra environment, e.g. RUNNER=off. */
export async function courseServer(env: Record<string, string>): Promise<Running> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['src/server/main.ts'], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  // The server serves dist/ under the base path of its build stamp.
  const url = `http://127.0.0.1:${port}${basePath()}`;
  const deadline = Date.now() + 15_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`course server exited: ${stderr}`);
    try {
      if ((await fetch(url)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`course server did not start: ${stderr}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
