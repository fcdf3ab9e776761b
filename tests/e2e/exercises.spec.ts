/**
 * Every exercise of the built course, end to end in the page through the local
 * runtime: the starter fails, and the reference solution (loaded as the
 * learner's saved files) passes. Typing a fix is covered once, in
 * workbench.spec.ts; here the point is that each exercise runs in the page.
 */
import { expect, test } from '@playwright/test';
import { builtLessons, isSealed, solutionFiles } from './support/course.ts';
import { openWorkbench } from './support/workbench-servers.ts';

const summary = '.wb-summary';

for (const lesson of builtLessons().filter((l) => l.exercise)) {
  const exercise = lesson.exercise as string;
  test(`${exercise}: the starter fails and the solution passes in the page`, async ({ page }) => {
    // Two full runs of the hidden tests, each starting several app processes: room for a busy 2-core machine.
    test.setTimeout(150_000);
    await openWorkbench(page, lesson.path);
    await expect(page.locator('[data-workbench]')).toHaveAttribute('data-runtime-state', 'ready');
    await page.getByRole('button', { name: 'Run tests' }).click();
    await expect(page.locator(summary)).toHaveText(/^\d+ of \d+ checks pass$/, { timeout: 45_000 });
    const [passing, total] = ((await page.locator(summary).textContent()) ?? '').match(/\d+/g)!.map(Number);
    expect(passing, 'the starter must fail at least one check').toBeLessThan(total!);
    await expect(page.locator('.wb-test[data-status="fail"] .wb-test-message').first()).toContainText(/Observed|Expected|Where to look/i);

    if (isSealed(exercise)) {
      // A no-solutions workshop fork (npm run workshop -- seal): the solution was verified, then removed.
      test.info().annotations.push({ type: 'sealed', description: `${exercise}'s solution was sealed away; only the starter is run` });
      return;
    }
    const files = solutionFiles(exercise);
    await page.evaluate(
      ({ id, files }) => {
        const data = JSON.parse(localStorage.getItem('tfc-progress') ?? '{"version":1,"exercises":{}}');
        const entry = data.exercises[id] ?? { attempts: 1, passed: false, hintsRevealed: 0 };
        data.exercises[id] = { ...entry, files, updatedAt: new Date().toISOString() };
        localStorage.setItem('tfc-progress', JSON.stringify(data));
      },
      { id: exercise, files },
    );
    await openWorkbench(page, lesson.path);
    await expect(page.locator('[data-workbench]')).toHaveAttribute('data-runtime-state', 'ready');
    await page.getByRole('button', { name: 'Run tests' }).click();
    await expect(page.locator(summary)).toHaveText(/^All \d+ checks pass/, { timeout: 45_000 });
    await expect(page.locator(`.course-sidebar [data-progress-exercise="${exercise}"] [data-progress-mark]`)).toHaveText('✓ passed');
  });
}
