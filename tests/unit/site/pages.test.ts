import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

/**
 * The pages around the lessons (`content/pages/*.mdx`, one route `src/pages/[page].astro`):
 * built in a throwaway copy of the site with pages and lessons of our own.
 */
const root = resolve(import.meta.dirname, '../../..');
const astroBin = join(root, 'node_modules/astro/bin/astro.mjs');
const temps: string[] = [];

const introduction = '---\ntitle: Introduction\nsummary: The introduction used by this test.\norder: 0\n---\n\nHello.\n';
const wrapUp = (body: string) => `---\ntitle: Wrap-up\nsummary: The wrap-up used by this test.\norder: 100\n---\n\n${body}\n`;
const review = '<ReviewFactor factor={7}>\n\n- Does it bind the port it is given?\n\n</ReviewFactor>\n\n<ReviewFactor factor={3}>\n\n- Could you open-source it now?\n\n</ReviewFactor>\n';

function lesson(factor: number, id: string, title: string): string {
  return `---\nfactor: ${factor}\ntitle: ${title}\nsummary: A lesson used by the pages test.\nminutes: 20\nobjectives:\n  - Learn it\nexercise: "${id}"\n---\n\n## Section\n\nText.\n`;
}

function project(pages: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfc-pages-'));
  temps.push(dir);
  for (const linked of ['node_modules', 'public']) symlinkSync(join(root, linked), join(dir, linked));
  // Only the exercises these lessons need, so work in progress on other exercises cannot break this test.
  mkdirSync(join(dir, 'exercises'));
  for (const copied of ['_harness', '03-config', '07-port-binding']) cpSync(join(root, 'exercises', copied), join(dir, 'exercises', copied), { recursive: true });
  for (const copied of ['src', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(root, copied), join(dir, copied), { recursive: true });
  mkdirSync(join(dir, 'content/lessons'), { recursive: true });
  mkdirSync(join(dir, 'content/pages'), { recursive: true });
  writeFileSync(join(dir, 'content/lessons/03-config.mdx'), lesson(3, '03-config', 'Config'));
  writeFileSync(join(dir, 'content/lessons/07-port-binding.mdx'), lesson(7, '07-port-binding', 'Port binding'));
  for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, 'content/pages', name), text);
  return dir;
}

/** Vitest puts Vite's own variables (BASE_URL=/, MODE=test ...) in process.env; a build that inherits them ignores BASE_PATH. */
const vitestOwn = /^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*)$/;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !vitestOwn.test(name)));

function build(dir: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [astroBin, 'build'], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...cleanEnv, ...env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1' },
    timeout: 90_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

const read = (dir: string, path: string) => readFileSync(join(dir, 'dist', path), 'utf8');
const hrefs = (html: string) => [...html.matchAll(/href="([^"]+)"/g)].map((m) => m[1]);

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('pages around the lessons', () => {
  it('builds every page at /<slug>/ under the base path, with lesson links that follow the lesson selection', () => {
    const dir = project({ 'introduction.mdx': introduction, 'wrap-up.mdx': wrapUp(review) });
    const { status, output } = build(dir, { BASE_PATH: '/course/', LESSONS: '07-port-binding' });
    expect(output).not.toMatch(/\berror\b/i);
    expect(status).toBe(0);

    const intro = read(dir, 'introduction/index.html');
    expect(intro).toMatch(/<a[^>]*href="\/course\/lessons\/07-port-binding\/"[^>]*rel="next"[^>]*>\s*Begin with Port binding/);

    const wrap = read(dir, 'wrap-up/index.html');
    expect(wrap).toMatch(/<h1[^>]*>Wrap-up<\/h1>/);
    // Factor VII has a lesson in this deployment: linked under the base path.
    expect(hrefs(wrap)).toContain('/course/lessons/07-port-binding/');
    expect(wrap).toMatch(/<h3 id="review-port-binding"/);
    // Factor III's lesson exists but LESSONS leaves it out: the factor's page on 12factor.net instead.
    expect(hrefs(wrap)).not.toContain('/course/lessons/03-config/');
    expect(hrefs(wrap)).toContain('https://12factor.net/config');
    // A page after the lessons leads back to the last one.
    expect(wrap).toMatch(/<a[^>]*href="\/course\/lessons\/07-port-binding\/"[^>]*rel="prev"/);
    expect(wrap).not.toMatch(/Begin with/);
  }, 120_000);

  it('fails the build when the introduction is missing', () => {
    const dir = project({ 'wrap-up.mdx': wrapUp('Bye.') });
    const { status, output } = build(dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/content\/pages\/introduction\.mdx is missing/);
    expect(existsSync(join(dir, 'dist/wrap-up/index.html'))).toBe(false);
  }, 120_000);

  it('fails the build when a page takes the name of another route', () => {
    const dir = project({ 'introduction.mdx': introduction, 'search.mdx': wrapUp('Shadowed.') });
    const { status, output } = build(dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/content\/pages\/search\.mdx: "search" is taken/);
  }, 120_000);

  it('fails the build naming a review entry for a factor that does not exist', () => {
    const dir = project({ 'introduction.mdx': introduction, 'wrap-up.mdx': wrapUp('<ReviewFactor factor={13}>\n\n- ?\n\n</ReviewFactor>') });
    const { status, output } = build(dir);
    expect(status).not.toBe(0);
    expect(output).toMatch(/ReviewFactor factor=\{13\}.*no factor 13/);
  }, 120_000);
});
