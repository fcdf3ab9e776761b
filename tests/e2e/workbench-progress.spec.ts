/** Progress kept in the browser: marks, corrupt data, export and import (home page "Your progress"). */
import { readFile } from 'node:fs/promises';
import AxeBuilder from '@axe-core/playwright';
import { expect, test } from '@playwright/test';
import { builtLessons, exerciseMeta, HOME, lessonsWithExercise } from './support/course.ts';
import { openWorkbench } from './support/workbench-servers.ts';

// The lessons come from the build (LESSONS); paths are relative to the base path.
const withExercise = lessonsWithExercise();
const lesson = withExercise.find((l) => l.id === '07-port-binding') ?? withExercise[0];
const EXERCISE = lesson?.exercise ?? '';
const LESSON = lesson?.path ?? '';
// The file the workbench opens first: the exercise's first editable file.
const FILE = lesson ? (exerciseMeta(EXERCISE).editable[0] ?? 'server.js') : 'server.js';
const noExercise = 'this build has no lesson with an exercise (LESSONS)';
const allLessons = builtLessons();
const readLesson = allLessons.find((l) => l.id === '03-config') ?? allLessons[0];

const passed = {
  version: 1,
  exercises: { [EXERCISE]: { files: { [FILE]: '// imported\n' }, attempts: 3, passed: true, hintsRevealed: 1, updatedAt: '2026-01-01T00:00:00.000Z' } },
};

test('corrupt stored progress is discarded with a notice, never a crash', async ({ page }) => {
  test.skip(!lesson, noExercise);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript((id) => {
    // Corrupt data once per page (the first visit discards it).
    const key = `seeded:${location.pathname}`;
    if (!sessionStorage.getItem(key)) {
      localStorage.setItem('tfc-progress', JSON.stringify({ version: 1, exercises: { [id]: { files: 42 } } }));
      sessionStorage.setItem(key, '1');
    }
  }, EXERCISE);
  await page.goto(HOME);
  await expect(page.locator('[data-progress-notice]')).toContainText('could not be read');
  await openWorkbench(page, LESSON);
  await expect(page.getByRole('tab', { name: FILE })).toBeVisible();
  await expect(page.getByRole('alert').filter({ hasText: 'could not be read' })).toBeVisible();
  await expect(page.locator(`.course-sidebar [data-progress-exercise="${EXERCISE}"] [data-progress-mark]`)).toHaveText('');
  expect(errors).toEqual([]);
});

test('export and import progress as a file', async ({ page }, testInfo) => {
  test.skip(!lesson, noExercise);
  await page.goto(HOME);
  await expect(page.locator('[data-progress-summary]')).toContainText('You have not started yet');

  // Import a valid export: the marks and the summary follow.
  const file = testInfo.outputPath('progress.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(file, JSON.stringify(passed)));
  await page.getByLabel('Import progress').setInputFiles(file);
  await expect(page.locator('[data-progress-notice]')).toHaveText('Imported progress for 1 exercise.');
  await expect(page.locator(`[data-progress-exercise="${EXERCISE}"] [data-progress-mark]`)).toHaveText('✓ passed');
  await expect(page.locator(`[data-progress-exercise-state="${EXERCISE}"]`)).toHaveText('✓ Exercise passed');
  await expect(page.locator('[data-progress-summary]')).toContainText('passed 1 exercise');

  const axe = await new AxeBuilder({ page }).include('[data-progress-panel]').include('.factor-map').analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // Export it again.
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Export progress' }).click();
  const saved = await (await download).path();
  const exported = JSON.parse(await readFile(saved, 'utf8')) as typeof passed;
  expect(exported.exercises[EXERCISE]!.files[FILE]).toBe('// imported\n');

  // A file that is not an export is refused, with the reason.
  const bad = testInfo.outputPath('bad.json');
  await import('node:fs/promises').then((fs) => fs.writeFile(bad, '{"version":2}'));
  await page.getByLabel('Import progress').setInputFiles(bad);
  await expect(page.locator('[data-progress-notice]')).toContainText('version 2');

  // The imported code is what the workbench opens with.
  await page.goto(LESSON);
  await expect(page.getByRole('button', { name: 'Continue exercise' })).toBeVisible();
  await openWorkbench(page, LESSON);
  await expect(page.getByRole('tabpanel').locator('.cm-content')).toContainText('// imported');
});

test('reading a lesson to its end shows on the home page, with its quiz and exercise state', async ({ page }) => {
  test.skip(!readLesson, 'this build has no lessons (LESSONS)');
  const { id, path } = readLesson!;
  await page.goto(HOME);
  const card = page.locator('.factor-card').filter({ has: page.locator(`[data-progress-read="${id}"]`) });
  await expect(card.locator('[data-progress-card]')).toBeVisible();
  await expect(card.locator('[data-progress-read]')).toHaveText('○ Lesson not read yet');
  await expect(card.locator('[data-progress-quiz]')).toHaveText('○ Quiz not taken');
  if (readLesson!.exercise) await expect(card.locator('[data-progress-exercise-state]')).toHaveText('○ Exercise not started');

  // Opening a lesson is not reading it: only reaching the end of its text counts.
  await page.goto(path);
  await page.goto(HOME);
  await expect(card.locator('[data-progress-read]')).toHaveText('○ Lesson not read yet');

  await page.goto(path);
  await page.locator('[data-lesson-end]').scrollIntoViewIfNeeded();
  await expect.poll(() => page.evaluate((lessonId) => JSON.parse(localStorage.getItem('tfc-progress') ?? '{}').lessons?.[lessonId], id)).toBeTruthy();
  await page.goto(HOME);
  await expect(card.locator('[data-progress-read]')).toHaveText('✓ Lesson read');
  await expect(page.locator('[data-progress-summary]')).toContainText('you have read 1');
});
