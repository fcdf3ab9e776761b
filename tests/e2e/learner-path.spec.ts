/**
 * The learner's path where axe cannot look: small screens, keyboard only,
 * forced colours and reduced motion, and the small workbench details.
 */
import { expect, test, type Page } from '@playwright/test';
import { exerciseMeta, lessonsWithExercise, solutionPolicy } from './support/course.ts';
import { openWorkbench } from './support/workbench-servers.ts';

// A lesson of this build with an exercise: port binding's when the build has it (a few checks
// below are written around its starter), else the first one. Paths are relative to the base path.
const lessons = lessonsWithExercise();
const lesson = lessons.find((l) => l.id === '07-port-binding') ?? lessons[0];
const LESSON = lesson?.path ?? '';
const isPortBinding = lesson?.id === '07-port-binding';
const policy = lesson ? solutionPolicy(lesson.exercise) : null;
const noLesson = 'this build has no lesson with an exercise (LESSONS)';
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

async function headerBottom(page: Page): Promise<number> {
  return (await page.locator('.site-header').boundingBox())!.height;
}

test.describe('navigation at every width', () => {
  test.skip(!lesson, noLesson);
  for (const width of [360, 1024, 1280]) {
    test(`at ${width} px the course contents and the page's sections are reachable from the top, and anchors land below the header`, async ({ page }) => {
      await page.setViewportSize({ width, height: 800 });
      await page.goto(LESSON);
      const sidebarVisible = await page.locator('.course-sidebar .sidebar').isVisible();
      const tocVisible = await page.locator('.course-toc .toc').isVisible();
      const menu = page.locator('[data-page-menu]');
      if (!(sidebarVisible && tocVisible)) {
        // Whatever is off screen is in the header menu, at the top of the page.
        const button = menu.locator('summary');
        await expect(button).toBeVisible();
        expect((await button.boundingBox())!.y).toBeLessThan(await headerBottom(page));
        await button.focus();
        await page.keyboard.press('Enter');
        await expect(menu.getByRole('navigation', { name: 'Course (menu)' }).getByRole('link', { name: 'Introduction' })).toBeVisible();
        const section = menu.getByRole('navigation', { name: 'On this page' }).getByRole('link').nth(2);
        const target = (await section.getAttribute('href'))!;
        await section.click();
        await expect(menu).not.toHaveAttribute('open', '');
        await expect(page).toHaveURL(new RegExp(`${target}$`));
        await expect.poll(async () => (await page.locator(target).boundingBox())!.y).toBeGreaterThanOrEqual(await headerBottom(page));
      } else {
        await expect(menu).toBeHidden();
      }
      // Every anchor of the page lands below the sticky header.
      for (const id of ['#why-it-matters', '#exercise', '#exercise-workbench']) {
        await page.goto(`${LESSON}${id}`);
        await expect.poll(async () => (await page.locator(id).boundingBox())!.y, `${id} at ${width} px`).toBeGreaterThanOrEqual(await headerBottom(page));
      }
    });
  }

  test('the header menu works without JavaScript, and Escape closes it with JavaScript', async ({ browser, page }) => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
    const noJs = await context.newPage();
    await noJs.goto(LESSON);
    await noJs.locator('[data-page-menu] summary').click();
    await noJs.locator('[data-page-menu]').getByRole('link', { name: new RegExp(escape(lesson!.title)) }).first().click();
    await expect(noJs).toHaveURL(new RegExp(`/lessons/${lesson!.id}/$`));
    await context.close();

    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(LESSON);
    const summary = page.locator('[data-page-menu] summary');
    await summary.click();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Escape');
    await expect(page.locator('[data-page-menu]')).not.toHaveAttribute('open', '');
    await expect(summary).toBeFocused();
  });
});

test.describe('the workbench from the keyboard', () => {
  test.skip(!lesson, noLesson);
  async function open(page: Page) {
    await openWorkbench(page, LESSON);
    await expect(page.locator('[data-workbench]')).toHaveAttribute('data-runtime-state', 'ready');
  }

  test('the output terminal shows focus, lets Tab move on, and runs the tests with Ctrl+Enter', async ({ page }) => {
    await open(page);
    await page.getByRole('button', { name: 'Output' }).click();
    const terminal = page.locator('.wb-terminal');
    await expect(terminal.locator('.xterm')).toBeVisible();
    const input = terminal.locator('textarea');
    await input.focus();
    await expect(terminal).toHaveCSS('outline-style', 'solid');
    await expect(input).toHaveAttribute('aria-describedby', /output-keys/);
    await expect(page.locator('.wb-output')).toContainText('Tab moves on');
    await page.keyboard.press('ControlOrMeta+Enter');
    await expect(page.locator('.wb-summary')).toHaveText(/checks pass/, { timeout: 30_000 });
    await input.focus();
    await page.keyboard.press('Tab');
    await expect(input).not.toBeFocused();
    expect(await page.evaluate(() => document.querySelector('.wb-terminal')?.contains(document.activeElement))).toBe(false);
  });

  test('Enter in the New file dialog creates the file', async ({ page }) => {
    test.skip(!exerciseMeta(lesson!.exercise).allowNewFiles, `${lesson?.exercise} does not allow new files (exercise.json allowNewFiles)`);
    await open(page);
    await page.getByRole('button', { name: 'New file…' }).click();
    const dialog = page.getByRole('dialog', { name: 'New file' });
    await dialog.getByLabel('File name').fill('settings.js');
    await page.keyboard.press('Enter');
    await expect(dialog).toBeHidden();
    await expect(page.getByRole('tab', { name: 'settings.js' })).toHaveAttribute('aria-selected', 'true');
    await page.getByRole('button', { name: 'Rename settings.js…' }).click();
    const rename = page.getByRole('dialog', { name: 'Rename settings.js' });
    await rename.getByLabel('File name').fill('lib/settings.js');
    await page.keyboard.press('Enter');
    await expect(page.getByRole('tab', { name: 'lib/settings.js' })).toBeVisible();
    await page.getByRole('button', { name: 'Delete lib/settings.js…' }).click();
    await page.getByRole('dialog', { name: 'Delete this file?' }).getByRole('button', { name: 'Delete file' }).click();
  });

  test('Start app moves focus to the request form, and a request to an app that is not listening says so', async ({ page }) => {
    test.skip(!isPortBinding, "written around 07-port-binding's starter (it listens on 8080), a lesson not in this build's LESSONS");
    await open(page);
    const start = page.getByRole('button', { name: 'Start app' });
    await start.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByText('Your app is running.')).toBeVisible({ timeout: 15_000 });
    await expect(page.getByLabel('Path')).toBeFocused();
    // The starter listens on 8080, not on the port it was given.
    await page.getByLabel('Path').fill('/health');
    await page.keyboard.press('Enter');
    await expect(page.locator('.wb-response')).toContainText(/not listening on port \d+, the port it was given/);
    await expect(page.locator('.wb-response')).not.toContainText('refused the run');
    await page.getByRole('button', { name: 'Stop app' }).click();
    await expect(start).toBeFocused();
  });

  test('the task note reads "edit the files in workspace/…"', async ({ page }) => {
    await page.goto(LESSON);
    await expect(page.locator('#exercise-workbench .task-note').last()).toContainText(/edit the files in workspace\//);
  });
});

test.describe('forced colours and reduced motion', () => {
  test.skip(!lesson, noLesson);
  test('the selected file tab and the pressed theme toggle stand out in forced colours', async ({ page }) => {
    await page.emulateMedia({ forcedColors: 'active' });
    await openWorkbench(page, LESSON);
    const selected = page.locator('.wb-tab[aria-selected="true"]');
    const other = page.locator('.wb-tab[aria-selected="false"]').first();
    await expect(selected).toHaveCSS('border-top-width', '3px');
    await expect(other).not.toHaveCSS('border-top-width', '3px');
    const toggle = page.locator('[data-theme-toggle]');
    const before = await toggle.evaluate((el) => getComputedStyle(el).backgroundColor);
    await toggle.click();
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    expect(await toggle.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe(before);
  });

  test('with reduced motion, the editor cursor does not blink', async ({ page }) => {
    await page.emulateMedia({ reducedMotion: 'reduce' });
    await openWorkbench(page, LESSON);
    await page.locator('.cm-content').first().click();
    const animation = await page.locator('.cm-cursorLayer').first().evaluate((el) => getComputedStyle(el).animationName);
    expect(animation).toBe('none');
  });

  test('every changed line of the solution diff has its own mark (or, under SOLUTION_POLICY=never, there is no solution)', async ({ page }) => {
    await openWorkbench(page, LESSON);
    await page.getByRole('button', { name: 'Run tests' }).click();
    await expect(page.locator('.wb-summary')).toHaveText(/checks pass/, { timeout: 30_000 });
    if (policy === 'never') {
      // This build never shows reference solutions: not in the page even after an attempt, not in the bundle.
      await expect(page.getByRole('button', { name: 'Compare your code with the solution' })).toBeHidden();
      await expect(page.getByText('This course does not show reference solutions.')).toBeVisible();
      const bundle = (await (await page.request.get(`exercises/${lesson!.exercise}.json`)).json()) as { solutionPolicy: string; solution: unknown };
      expect(bundle).toMatchObject({ solutionPolicy: 'never', solution: null });
      return;
    }
    await page.getByRole('button', { name: 'Compare your code with the solution' }).click();
    const marks = await page.locator('.wb-diff .cm-deletedLine, .wb-diff .cm-changedLine, .wb-diff .cm-insertedLine').evaluateAll((lines) =>
      lines.map((line) => getComputedStyle(line, '::before').content),
    );
    expect(marks.length).toBeGreaterThan(2);
    expect(marks.filter((m) => m !== '"+"' && m !== '"−"')).toEqual([]);
    expect(marks.filter((m) => m === '"−"').length).toBeGreaterThan(1);
  });
});

test('the search page shows no label without a search box (no JavaScript)', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto('search/');
  await expect(page.locator('.search-label')).toBeHidden();
  // (The <noscript> text cannot be checked here: Chromium's "scripts disabled" emulation still parses <noscript> as raw text.)
  await context.close();
});
