import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { facilitatorNotes } from '../../../src/content/facilitator-notes.ts';

/**
 * The instructor guide (content/pages/instructor-guide.mdx, the real page) with its agenda,
 * and the facilitator notes that only a build with FACILITATOR_NOTES=true shows: built in a
 * throwaway copy of the site with two lessons of our own, once without the setting and
 * once with it.
 */
const root = resolve(import.meta.dirname, '../../..');
const astroBin = join(root, 'node_modules/astro/bin/astro.mjs');
const temps: string[] = [];

function lesson(factor: number, id: string, title: string, minutes: number): string {
  return `---\nfactor: ${factor}\ntitle: ${title}\nsummary: A lesson used by the instructor guide test.\nminutes: ${minutes}\nobjectives:\n  - Learn it\nexercise: "${id}"\n---\n\n## Section\n\nText.\n`;
}

function project(): string {
  const dir = mkdtempSync(join(tmpdir(), 'tfc-guide-'));
  temps.push(dir);
  symlinkSync(join(root, 'public'), join(dir, 'public'));
  // node_modules of its own whose packages link to the real ones: Astro keeps its content cache in
  // node_modules/.astro, and a build sharing it with another test's build at the same time reads the other's lessons.
  mkdirSync(join(dir, 'node_modules'));
  for (const name of readdirSync(join(root, 'node_modules'))) {
    if (!['.astro', '.vite', '.cache'].includes(name)) symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name));
  }
  mkdirSync(join(dir, 'exercises'));
  for (const copied of ['_harness', '03-config', '07-port-binding']) cpSync(join(root, 'exercises', copied), join(dir, 'exercises', copied), { recursive: true });
  for (const copied of ['src', 'astro.config.mjs', 'package.json', 'tsconfig.json']) cpSync(join(root, copied), join(dir, copied), { recursive: true });
  mkdirSync(join(dir, 'content/lessons'), { recursive: true });
  mkdirSync(join(dir, 'content/pages'), { recursive: true });
  writeFileSync(join(dir, 'content/lessons/03-config.mdx'), lesson(3, '03-config', 'Config', 35));
  writeFileSync(join(dir, 'content/lessons/07-port-binding.mdx'), lesson(7, '07-port-binding', 'Port binding', 30));
  writeFileSync(join(dir, 'content/pages/introduction.mdx'), '---\ntitle: Introduction\nsummary: The introduction used by this test.\norder: 0\n---\n\nHello.\n');
  cpSync(join(root, 'content/pages/instructor-guide.mdx'), join(dir, 'content/pages/instructor-guide.mdx'));
  return dir;
}

/** Vitest puts Vite's own variables (BASE_URL=/, MODE=test ...) in process.env; a build must not inherit them. */
const vitestOwn = /^(BASE_URL|MODE|DEV|PROD|SSR|NODE_ENV|VITEST.*)$/;
const cleanEnv = Object.fromEntries(Object.entries(process.env).filter(([name]) => !vitestOwn.test(name) && name !== 'FACILITATOR_NOTES' && name !== 'LESSONS'));

function build(dir: string, outDir: string, env: Record<string, string>): void {
  const result = spawnSync(process.execPath, [astroBin, 'build', '--outDir', outDir], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...cleanEnv, ...env, NO_COLOR: '1', FORCE_COLOR: '0', ASTRO_TELEMETRY_DISABLED: '1' },
    timeout: 150_000,
  });
  const output = `${result.stdout}\n${result.stderr}`;
  if (result.status !== 0 || /\berror\b/i.test(output)) throw new Error(`build failed:\n${output}`);
}

let dir = '';
const read = (out: string, path: string) => readFileSync(join(dir, out, path), 'utf8');

beforeAll(() => {
  dir = project();
  // LESSONS puts port binding first: the agenda must follow the configured order, not the factor order.
  build(dir, 'dist-off', { LESSONS: '07-port-binding,03-config' });
  build(dir, 'dist-on', { LESSONS: '07-port-binding,03-config', FACILITATOR_NOTES: 'true' });
}, 320_000);

afterAll(() => {
  for (const temp of temps.splice(0)) rmSync(temp, { recursive: true, force: true });
});

describe('instructor guide', () => {
  it('renders the agenda as a table of the configured lessons, in their order, on a clock, with totals', () => {
    const html = read('dist-off', 'instructor-guide/index.html');
    const table = html.slice(html.indexOf('<table'), html.indexOf('</table>') + 8);
    expect(table).toMatch(/<caption[^>]*>Agenda for the 2 lessons of this course \(in the configured order\): 1 h 50 min of sessions and 15 min of breaks, from 09:00<\/caption>/);
    expect(table).toMatch(/<th[^>]*scope="col"[^>]*>Time<\/th>/);
    expect(table).toMatch(/<th[^>]*scope="col"[^>]*>Minutes<\/th>/);
    const rows = [...table.matchAll(/<tr[^>]*>([\s\S]*?)<\/tr>/g)].map((m) =>
      m[1]!
        .replace(/<\/t[dh]>/g, ' ')
        .replace(/<[^>]+>/g, '')
        .replace(/\s+/g, ' ')
        .trim(),
    );
    expect(rows).toContain('09:00–09:15 Welcome, and everyone’s workbench runs the first exercise 15');
    expect(rows).toContain('09:15–09:45 VII. Port binding 30');
    expect(rows).toContain('09:45–10:20 III. Config 35');
    expect(rows).toContain('10:20–10:35 Break 15');
    expect(rows).toContain('10:35–11:05 Wrap-up: review a project of your own 30');
    expect(rows).toContain('Lessons and exercises (2) 65');
    expect(rows).toContain('All sessions, with welcome and wrap-up 110');
    // Lessons link to their pages; the rows are named by a header cell.
    expect(table).toMatch(/<th[^>]*scope="row"[^>]*><a href="\/lessons\/07-port-binding\/"/);
    expect(table.indexOf('07-port-binding')).toBeLessThan(table.indexOf('03-config'));
  });

  it('shows no facilitator notes without FACILITATOR_NOTES, and says how to turn them on', () => {
    for (const page of ['lessons/07-port-binding/index.html', 'lessons/03-config/index.html', 'instructor-guide/index.html']) {
      const html = read('dist-off', page);
      expect(html).not.toContain('data-facilitator-notes');
      expect(html).not.toContain('Where learners get stuck');
    }
    expect(read('dist-off', 'instructor-guide/index.html')).toContain('Facilitator notes are turned off in this build');
  });

  it('with FACILITATOR_NOTES=true, shows each lesson its notes at its end, and all of them in the guide', () => {
    const lessonPage = read('dist-on', 'lessons/07-port-binding/index.html');
    const notes = lessonPage.slice(lessonPage.indexOf('data-facilitator-notes="07-port-binding"'));
    expect(notes).toMatch(/<h2[^>]*>Facilitator notes<\/h2>/);
    expect(notes).toContain('Where learners get stuck');
    expect(notes).toMatch(/<code[^>]*>process\.env\.PORT \|\| 8080<\/code>/);
    // After the workbench, and kept out of the search index.
    expect(lessonPage.indexOf('data-facilitator-notes')).toBeGreaterThan(lessonPage.indexOf('exercise-workbench'));
    expect(lessonPage).toMatch(/<aside[^>]*data-pagefind-ignore="all"[^>]*data-facilitator-notes="07-port-binding"/);
    expect(lessonPage).not.toContain('data-facilitator-notes="03-config"');

    const guide = read('dist-on', 'instructor-guide/index.html');
    expect(guide).toContain('data-facilitator-notes="07-port-binding"');
    expect(guide).toContain('data-facilitator-notes="03-config"');
    expect(guide).not.toContain('Facilitator notes are turned off');
  });
});

describe('facilitator notes data', () => {
  it('has timing, a stumbling block and a question for every lesson of the course', () => {
    const lessonIds = readdirSync(join(root, 'content/lessons')).flatMap((name) => /^(\d{2}-[a-z0-9-]+)\.mdx$/.exec(name)?.[1] ?? []).filter((id) => {
      const text = readFileSync(join(root, 'content/lessons', `${id}.mdx`), 'utf8');
      return !/^draft:\s*true\s*$/m.test(text.slice(0, text.indexOf('\n---', 3)));
    });
    expect(lessonIds.length).toBeGreaterThanOrEqual(13);
    for (const id of lessonIds) {
      const note = facilitatorNotes[id];
      expect(note, `no facilitator notes for ${id} in src/content/facilitator-notes.ts`).toBeDefined();
      expect(note!.timing.length).toBeGreaterThan(20);
      expect(note!.stumble.length).toBeGreaterThan(40);
      expect(note!.question).toContain('?');
    }
  });
});
