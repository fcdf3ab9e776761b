import { expect, test } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe.ts';
import { basePath, builtLessons, builtPages, HOME, urlEndingWith } from './support/course.ts';

// Paths are relative to the build's base path (playwright.config.ts); the lessons are the ones this build has.
const lessons = builtLessons();
const pages = builtPages();
const lessonPaths = lessons.map((l) => l.path);
const lesson = lessons.find((l) => l.id === '07-port-binding') ?? lessons[0]!;
const lessonPath = lesson.path;

test.describe('reading the course', () => {
  test('home page shows the course, the twelve factors and a start button', async ({ page }) => {
    await page.goto(HOME);
    await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
    const map = page.getByRole('list').filter({ has: page.getByRole('heading', { name: 'Port binding' }) });
    await expect(map.locator(':scope > li')).toHaveCount(12);
    await page.getByRole('link', { name: 'Start the course' }).click();
    await expect(page).toHaveURL(urlEndingWith('introduction/'));
    await expect(page.getByRole('heading', { level: 1 })).toContainText(/introduction|twelve-factor/i);
  });

  test('navigation: introduction → lesson, sidebar marks the current page, table of contents links work', async ({ page }) => {
    await page.goto('introduction/');
    // The first lesson of the course as configured (LESSONS may reorder or pick lessons): the sidebar lists
    // the lessons by factor, so it comes from "Begin with", and the pager's way back to the introduction below
    // shows it is the first one.
    const sidebar = page.getByRole('navigation', { name: 'Course', exact: true });
    const begin = page.getByRole('link', { name: /Begin with/ });
    const firstHref = (await begin.getAttribute('href')) ?? '';
    expect(lessonPaths.map((path) => basePath() + path), 'Begin with leads to a lesson of this build').toContain(firstHref);
    await expect(sidebar.locator(`a[href="${firstHref}"]`)).toHaveCount(1);
    await begin.click();
    await expect(page).toHaveURL(new RegExp(`${firstHref}$`));
    await expect(sidebar.locator(`a[href="${firstHref}"]`)).toHaveAttribute('aria-current', 'page');
    const toc = page.getByRole('navigation', { name: 'On this page' });
    const viewport = page.viewportSize();
    if (viewport && viewport.width >= 1280) {
      const first = toc.getByRole('link').first();
      const target = await first.getAttribute('href');
      await first.click();
      await expect(page).toHaveURL(new RegExp(`${target}$`));
    }
    await page.getByRole('navigation', { name: 'Previous and next lesson' }).getByRole('link', { name: /Introduction/ }).click();
    await expect(page).toHaveURL(urlEndingWith('introduction/'));
  });

  test('every lesson reads without JavaScript and its code is highlighted at build time', async ({ browser }) => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    for (const path of lessonPaths) {
      await page.goto(path);
      await expect(page.getByRole('heading', { level: 1 })).toBeVisible();
      await expect(page.locator('article h2').first()).toBeVisible();
      const highlighted = page.locator('pre.astro-code span[style*="--shiki-light"]');
      expect(await highlighted.count(), `${path} has highlighted code`).toBeGreaterThan(5);
    }
    await context.close();
  });

  test('pages are cross-origin isolated and make no request to another host', async ({ page }) => {
    const foreign: string[] = [];
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (url.hostname !== '127.0.0.1' && !url.protocol.startsWith('data')) foreign.push(request.url());
    });
    for (const path of [HOME, ...pages, lessonPath]) {
      const response = await page.goto(path);
      expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
      expect(await page.evaluate(() => crossOriginIsolated)).toBe(true);
    }
    expect(foreign).toEqual([]);
  });

  test('theme toggle switches the theme and the choice survives a reload', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'light' });
    await page.goto(HOME);
    const toggle = page.getByRole('button', { name: 'Dark theme' });
    await expect(toggle).toHaveAttribute('aria-pressed', 'false');
    await toggle.click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(toggle).toHaveAttribute('aria-pressed', 'true');
    await page.goto(lessonPath);
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
    await expect(page.getByRole('button', { name: 'Dark theme' })).toHaveAttribute('aria-pressed', 'true');
    await page.getByRole('button', { name: 'Dark theme' }).click();
    await page.reload();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'light');
  });

  test('search finds the lesson from the header link', async ({ page }) => {
    await page.goto(HOME);
    await page.getByRole('navigation', { name: 'Site' }).getByRole('link', { name: 'Search' }).click();
    const input = page.getByLabel('Words to look for in the lessons');
    await expect(input).toBeFocused();
    // Words from port binding's lesson when the build has it, else the title of the lesson picked above.
    await input.fill(lesson.id === '07-port-binding' ? 'routing layer' : lesson.title);
    await page.locator('.pagefind-ui__result-link').first().waitFor();
    await expect(page.locator(`.pagefind-ui__result-link[href$="/lessons/${lesson.id}/"]`).first()).toBeVisible();
  });

  test('unknown pages answer 404 with a helpful page', async ({ page }) => {
    const response = await page.goto('lessons/no-such-factor/');
    expect(response?.status()).toBe(404);
    await expect(page.getByRole('heading', { name: 'Page not found' })).toBeVisible();
    await page.getByRole('link', { name: 'Go to the course home page' }).click();
    await expect(page).toHaveURL(urlEndingWith(HOME));
  });

  test('skip link moves keyboard focus to the content', async ({ page }) => {
    await page.goto(lessonPath);
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.locator('#main')).toBeFocused();
  });

  test('works at 360 px wide without horizontal scrolling', async ({ page }) => {
    await page.setViewportSize({ width: 360, height: 740 });
    for (const path of [HOME, ...pages, ...lessonPaths, '404.html']) {
      await page.goto(path);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
});

test.describe('accessibility (axe, WCAG 2.2 AA)', () => {
  for (const scheme of ['light', 'dark'] as const) {
    for (const path of [HOME, ...pages, ...lessonPaths, 'search/', '404.html']) {
      test(`${path === HOME ? 'the home page' : path} in ${scheme} theme`, async ({ page }) => {
        await page.emulateMedia({ colorScheme: scheme });
        await page.goto(path);
        // Open every knowledge-check answer so its contents are checked too.
        await page.evaluate(() => document.querySelectorAll('details').forEach((d) => (d.open = true)));
        await expectNoAxeViolations(page, 'body');
      });
    }
  }
});
