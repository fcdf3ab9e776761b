import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '../../..');
const astroBin = join(root, 'node_modules/astro/bin/astro.mjs');
const temps: string[] = [];

/** A throwaway copy of the site (Astro needs real files for src; dependencies linked; content our own) so tests can feed it bad content. */
function project(lessons: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfc-site-'));
  temps.push(dir);
  for (const linked of ['node_modules', 'public', 'exercises']) symlinkSync(join(root, linked), join(dir, linked));
  for (const copied of ['src', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(root, copied), join(dir, copied), { recursive: true });
  mkdirSync(join(dir, 'content/lessons'), { recursive: true });
  mkdirSync(join(dir, 'content/pages'), { recursive: true });
  writeFileSync(join(dir, 'content/pages/introduction.mdx'), '---\ntitle: Introduction\nsummary: The introduction used by this test.\n---\n\nHello.\n');
  for (const [name, text] of Object.entries(lessons)) writeFileSync(join(dir, 'content/lessons', name), text);
  return dir;
}

function lesson(fields: Record<string, unknown>): string {
  const data = {
    factor: 7,
    title: 'Port binding',
    summary: 'A lesson used by the frontmatter test.',
    minutes: 20,
    objectives: ['Bind a port'],
    exercise: '07-port-binding',
    ...fields,
  };
  const yaml = Object.entries(data)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}: ${JSON.stringify(v)}`)
    .join('\n');
  return `---\n${yaml}\n---\n\n## Section\n\nText.\n`;
}

function astro(dir: string, command: string, env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [astroBin, command], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...process.env, ...env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1' },
    timeout: 60_000,
  });
  return { status: result.status, output: `${result.stdout}\n${result.stderr}` };
}

afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('lesson frontmatter', () => {
  it('accepts a valid lesson', () => {
    const dir = project({ '07-port-binding.mdx': lesson({}) });
    const { status, output } = astro(dir, 'sync');
    expect(output).not.toMatch(/does not match collection schema/);
    expect(status).toBe(0);
  });

  it('accepts a capstone: factors instead of factor', () => {
    const dir = project({ '13-capstone.mdx': lesson({ factor: undefined, factors: [3, 4, 7], exercise: '13-capstone' }) });
    const { status, output } = astro(dir, 'sync');
    expect(output).not.toMatch(/does not match collection schema/);
    expect(status).toBe(0);
  });

  it.each([
    ['factor', { factor: 13 }, /factor/],
    ['title', { title: undefined }, /title/],
    ['objectives', { objectives: [] }, /objectives/],
    ['exercise', { exercise: 'port binding' }, /exercise/],
    ['minutes', { minutes: 'twenty' }, /minutes/],
    ['factor', { factor: undefined }, /factor/],
    ['factors', { factors: [3, 7] }, /factors/],
    ['factors', { factor: undefined, factors: [3] }, /factors/],
  ])('fails naming the file and the field when %s is bad', (_field, fields, fieldPattern) => {
    const dir = project({ '07-bad-lesson.mdx': lesson(fields) });
    const { status, output } = astro(dir, 'sync');
    expect(status).not.toBe(0);
    expect(output).toMatch(/07-bad-lesson/);
    expect(output).toMatch(fieldPattern);
  });

  it('fails the build when LESSONS names a lesson that does not exist', () => {
    const dir = project({ '07-port-binding.mdx': lesson({}) });
    const { status, output } = astro(dir, 'build', { LESSONS: '07-port-binding,03-config' });
    expect(status).not.toBe(0);
    expect(output).toMatch(/LESSONS names lessons that do not exist: 03-config/);
  });

  it('fails the build naming a bad configuration variable', () => {
    const dir = project({ '07-port-binding.mdx': lesson({}) });
    const { status, output } = astro(dir, 'build', { SOLUTION_POLICY: 'sometimes' });
    expect(status).not.toBe(0);
    expect(output).toMatch(/SOLUTION_POLICY: must be one of: always, after-attempt, never/);
  });
});
