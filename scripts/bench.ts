/**
 * `npm run bench`: measures the budgets of DESIGN.md on this machine and
 * prints them with the budget beside each figure. Numbers, not timed tests:
 * it exits 1 only when a budget is exceeded, so a regression is visible.
 *
 * 1. `astro build` + Pagefind wall time.
 * 2. A lesson page before the exercise starts: gzipped JS, CSS, requests, other hosts.
 * 3. The workbench after "Start exercise": gzipped JS for editor + runtime + results,
 *    then the terminal chunk when the output panel is first shown.
 * 4. Local runtime: "Run tests" → results on screen, median of several runs per exercise.
 */
import { gzipSync } from 'node:zlib';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { arch, cpus, totalmem } from 'node:os';
import { chromium, type Page, type Response } from '@playwright/test';
import { chromiumArgs, findChromium } from '../tests/e2e/support/browser.ts';
import { ensureInstalled } from './lib/ensure-install.ts';
import { npm, runCommand } from './lib/run-command.ts';
import { loadExercise } from '../src/engine/exercises.ts';

await ensureInstalled();

interface Figure {
  name: string;
  value: number;
  unit: string;
  budget?: number;
}
const figures: Figure[] = [];
const record = (name: string, value: number, unit: string, budget?: number) =>
  figures.push({ name, value: Math.round(value * 10) / 10, unit, ...(budget === undefined ? {} : { budget }) });

// 1. Build time.
const buildStart = performance.now();
if ((await runCommand(npm, ['run', '--silent', 'build'])) !== 0) throw new Error('build failed');
record('build (astro build + pagefind)', (performance.now() - buildStart) / 1000, 's', 30);

// Serve the build with the real course server on a free port (PORT=0), read from its `listening` log event.
const server = spawn(process.execPath, ['src/server/main.ts'], { env: { ...process.env, PORT: '0', HOST: '127.0.0.1' }, stdio: ['ignore', 'pipe', 'inherit'] });
const origin = await new Promise<string>((resolve, reject) => {
  let buffered = '';
  server.stdout.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    for (const line of buffered.split('\n')) {
      try {
        const event = JSON.parse(line) as { event?: string; url?: string };
        if (event.event === 'listening' && event.url) resolve(event.url.replace(/\/$/, ''));
      } catch {
        // Not a whole JSON line yet.
      }
    }
  });
  server.on('exit', (code) => reject(new Error(`course server exited with ${code}`)));
});
process.on('exit', () => server.kill('SIGKILL'));

const executablePath = findChromium();
const browser = await chromium.launch({ args: chromiumArgs, ...(executablePath ? { executablePath } : {}) });

interface Transfer {
  url: string;
  type: string;
  gzip: number;
}
function collect(page: Page): Transfer[] {
  const seen: Transfer[] = [];
  page.on('response', (response: Response) => {
    void response
      .body()
      .then((body) => {
        const type = response.request().resourceType();
        seen.push({ url: response.url(), type, gzip: gzipSync(body, { level: 9 }).length });
      })
      .catch(() => undefined);
  });
  return seen;
}
const kb = (bytes: number) => bytes / 1024;
const sum = (list: Transfer[], type: string) => list.filter((t) => t.type === type).reduce((a, t) => a + t.gzip, 0);
const settle = () => new Promise((r) => setTimeout(r, 500));

const lessons = readdirSync('content/lessons').filter((f) => f.endsWith('.mdx')).map((f) => f.replace(/\.mdx$/, ''));
/** Clicks "Run tests" five times and returns the median time until that run's results are on screen. */
async function medianRunMs(page: Page): Promise<number> {
  const times: number[] = [];
  const run = page.getByRole('button', { name: /^run tests/i });
  for (let i = 0; i < 5; i++) {
    await run.waitFor({ state: 'visible' });
    const started = performance.now();
    await run.click();
    // The results list counts finished runs, so each iteration waits for its own run.
    // Polled every frame: locator.waitFor backs off to 500 ms, which would blur the figure.
    await page.waitForFunction((n) => document.querySelector(`[data-run-count="${n}"]`) !== null, i + 1, { polling: 'raf', timeout: 60_000 });
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** The exercise a lesson embeds, from its frontmatter. */
function lessonExercise(lesson: string): string {
  const match = /^exercise:\s*"?([a-z0-9-]+)"?\s*$/m.exec(readFileSync(`content/lessons/${lesson}.mdx`, 'utf8'));
  if (!match?.[1]) throw new Error(`content/lessons/${lesson}.mdx names no exercise`);
  return match[1];
}

for (const lesson of lessons) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const seen = collect(page);
  await page.goto(`${origin}/lessons/${lesson}/`, { waitUntil: 'networkidle' });
  await settle();
  const before = [...seen];
  // Inline scripts (theme, progress marks) count too: they are JavaScript the page ships.
  const inline = await page.evaluate(() => [...document.querySelectorAll('script:not([src])')].map((s) => s.textContent ?? '').join('\n'));
  record(`${lesson}: lesson page JS before the exercise, files + inline (gzip)`, kb(sum(before, 'script') + gzipSync(inline, { level: 9 }).length), 'KB', 15);
  record(`${lesson}: lesson page CSS (gzip)`, kb(sum(before, 'stylesheet')), 'KB');
  record(`${lesson}: lesson page requests`, before.length, '');
  record(`${lesson}: requests to other hosts`, before.filter((t) => !t.url.startsWith(origin)).length, '', 0);

  await page.getByRole('button', { name: /start exercise/i }).click();
  const run = page.getByRole('button', { name: /^run tests/i });
  await run.waitFor({ state: 'visible', timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await settle();
  const workbench = seen.slice(before.length);
  record(`${lesson}: workbench JS: editor + runtime + results (gzip)`, kb(sum(workbench, 'script')), 'KB', 150);

  await page.locator('.wb-output button.wb-disclosure').click();
  await page.locator('.xterm').first().waitFor({ timeout: 30_000 });
  await page.waitForLoadState('networkidle');
  await settle();
  const terminal = seen.slice(before.length + workbench.length);
  record(`${lesson}: terminal, loaded when the output panel is first shown (gzip)`, kb(sum(terminal, 'script')), 'KB');

  const starterRun = await medianRunMs(page);
  record(`${lesson}: Run tests → results on screen, starter code (median of 5)`, starterRun / 1000, 's', 1.5);
  await context.close();

  // The same with the reference solution in the editor, seeded through saved progress.
  const solved = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const exercise = await loadExercise(lessonExercise(lesson));
  // The solution as a learner would have it: every file of it but the read-only context (which a run takes from the starter).
  const files = Object.fromEntries(Object.entries(exercise.solution).filter(([path]) => !exercise.readonly.includes(path)));
  const progress = { version: 1, exercises: { [exercise.id]: { files, attempts: 1, passed: false, hintsRevealed: 0, updatedAt: new Date().toISOString() } } };
  await solved.addInitScript((value) => localStorage.setItem('tfc-progress', value), JSON.stringify(progress));
  const solvedPage = await solved.newPage();
  await solvedPage.goto(`${origin}/lessons/${lesson}/`);
  // A returning learner's workbench mounts by itself once the exercise scrolls into view.
  await solvedPage.locator('#exercise-workbench').scrollIntoViewIfNeeded();
  await solvedPage.waitForTimeout(500);
  const start = solvedPage.getByRole('button', { name: /start exercise/i });
  if (await start.isVisible().catch(() => false)) await start.click();
  await solvedPage.getByRole('button', { name: /^run tests/i }).waitFor({ state: 'visible', timeout: 30_000 });
  const solutionRun = await medianRunMs(solvedPage);
  record(`${lesson}: Run tests → results on screen, reference solution (median of 5)`, solutionRun / 1000, 's', 1.5);
  await solved.close();
}

await browser.close();
server.kill('SIGTERM');

const rows = figures.map((f) => {
  const over = f.budget !== undefined && f.value > f.budget;
  const budget = f.budget === undefined ? '' : `≤ ${f.budget} ${f.unit}`.trim();
  return { ...f, over, text: `${over ? 'OVER' : f.budget === undefined ? '    ' : 'ok  '}  ${f.name.padEnd(84)} ${String(f.value).padStart(8)} ${f.unit.padEnd(3)} ${budget}` };
});
const machine = `${process.platform} ${arch()}, ${cpus().length} × ${cpus()[0]?.model.trim() ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
console.log(`\nBenchmark (this machine: ${machine})`);
for (const row of rows) console.log(row.text);
mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/latest.json', JSON.stringify({ date: new Date().toISOString(), machine, figures }, null, 2));
console.log('\nSaved bench-results/latest.json');
process.exit(rows.some((r) => r.over) ? 1 : 0);
