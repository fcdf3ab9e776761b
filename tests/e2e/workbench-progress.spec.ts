/** Progress kept in the browser: marks, corrupt data, export and import (home page "Your progress"). */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { openWorkbench } from './support/workbench-servers.ts';

const passed = {
  version: 1,
  exercises: { '07-port-binding': { files: { 'server.js': '// imported\n' }, attempts: 3, passed: true, hintsRevealed: 1, updatedAt: '2026-01-01T00:00:00.000Z' } },
};

test('corrupt stored progress is discarded with a notice, never a crash', async ({ page }) => {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() => {
    // Corrupt data once per page (the first visit discards it).
    const key = `seeded:${location.pathname}`;
    if (!sessionStorage.getItem(key)) {
      localStorage.setItem('tfc-progress', '{"version":1,"exercises":{"07-port-binding":{"files":42}}}');
      sessionStorage.setItem(key, '1');
    }
  });
  await page.goto('/');
  await expect(page.locator('[data-progress-notice]')).toContainText('could not be read');
  await openWorkbench(page, '/lessons/07-port-binding/');
  await expect(page.getByRole('tab', { name: 'server.js' })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toBeVisible();
  await expect(page.locator('.course-sidebar [data-progress-exercise="07-port-binding"] [data-progress-mark]')).toHaveText('');
  expect(errors).toEqual([]);
});

test('export and import progress as a file', async ({ page }, testInfo) => {
  await page.goto('/');
  await expect(page.locator('[data-progress-summary]')).toContainText('You have not started yet');

  // Import a valid export: the marks and the summary follow.
  const file = testInfo.outputPath('progress.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(passed)));
  await page.getByLabel('Import progress').setInputFiles(file);
  await expect(page.locator('[data-progress-notice]')).toHaveText('Imported progress for 1 exercise.');
  await expect(page.locator('[data-progress-exercise="07-port-binding"] [data-progress-mark]')).toHaveText('✓ passed');
  await expect(page.locator('[data-progress-exercise-state="07-port-binding"]')).toHaveText('✓ Exercise passed');
  await expect(page.locator('[data-progress-summary]')).toContainText('passed 1 exercise');

  const axe = await new AxeBuilder({ page }).include('[data-progress-panel]').include('.factor-map').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // Export it again.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const saved = await (await download).path();
  const exported = JSON.parse(await readFile(saved, 'utf8')) as typeof passed;
  expect(exported.exercises['07-port-binding'].files['server.js']).toBe('// imported\n');

  // A file that is not an export is refused, with the reason.
  const bad = testInfo.outputPath('bad.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(bad, '{"version":2}'));
  await page.getByLabel('Import progress').setInputFiles(bad);
  await expect(page.locator('[data-progress-notice]')).toContainText('version 2');

  // The imported code is what the workbench opens with.
  await page.goto('/lessons/07-port-binding/');
  await expect(page.getByRole('button', { name: 'Continue exercise' })).toBeVisible();
  await openWorkbench(page, '/lessons/07-port-binding/');
  await expect(page.getByRole('tabpanel').locator('.cm-content')).toContainText('// imported');
});

test('reading a lesson to its end shows on the home page, with its quiz and exercise state', async ({ page }) => {
  await page.goto('/');
  const card = page.locator('.factor-card').filter({ has: page.locator('[data-progress-read="03-config"]') });
  await expect(card.locator('[data-progress-card]')).toBeVisible();
  await expect(card.locator('[data-progress-read]')).toHaveText('○ Lesson not read yet');
  await expect(card.locator('[data-progress-quiz]')).toHaveText('○ Quiz not taken');
  await expect(card.locator('[data-progress-exercise-state]')).toHaveText('○ Exercise not started');

  // Opening a lesson is not reading it: only reaching the end of its text counts.
  await page.goto('/lessons/03-config/');
  await page.goto('/');
  await expect(card.locator('[data-progress-read]')).toHaveText('○ Lesson not read yet');

  await page.goto('/lessons/03-config/');
  await page.locator('[data-lesson-end]').scrollIntoViewIfNeeded();
  await expect.poll(() => page.evaluate(() => JSON.parse(localStorage.getItem('tfc-progress') ?? '{}').lessons?.['03-config'])).toBeTruthy();
  await page.goto('/');
  await expect(card.locator('[data-progress-read]')).toHaveText('✓ Lesson read');
  await expect(page.locator('[data-progress-summary]')).toContainText('you have read 1');
});
