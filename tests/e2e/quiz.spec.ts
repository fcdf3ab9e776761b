/** The knowledge check at the end of each lesson: readable without JavaScript, answerable from the keyboard, remembered. */
import { expect, test, type Page } from '@playwright/test';
import { expectNoAxeViolations } from './support/axe.ts';
import { builtLessons, HOME } from './support/course.ts';

const lessons = builtLessons();
const lesson = lessons.find((l) => l.id === '07-port-binding') ?? lessons[0]!;

async function openQuiz(page: Page) {
  await page.goto(lesson.path);
  const quiz = page.locator('[data-quiz]');
  await quiz.scrollIntoViewIfNeeded();
  await expect(quiz).toHaveAttribute('data-quiz-ready', '');
  return quiz;
}

test('without JavaScript, every lesson quiz reads as questions with their answers', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  for (const { path } of lessons) {
    await page.goto(path);
    const questions = page.locator('[data-quiz-question]');
    expect(await questions.count(), `${path} has a knowledge check`).toBeGreaterThanOrEqual(4);
    const first = questions.first();
    await expect(first.locator('[data-quiz-prompt]')).toBeVisible();
    const right = first.locator('[data-quiz-option][data-correct] [data-quiz-explain]');
    await right.locator('summary').click();
    await expect(right).toContainText('Correct.');
  }
  await context.close();
});

test('answer from the keyboard: choose, check, read why, and find the answer again after a reload', async ({ page }) => {
  const quiz = await openQuiz(page);
  const question = quiz.locator('[data-quiz-question]').first();
  const radios = question.getByRole('radio');
  const count = await radios.count();
  const correct = await question.locator('[data-quiz-option]').evaluateAll((options) => options.findIndex((o) => o.hasAttribute('data-correct')));
  const wrong = correct === 0 ? 1 : 0;

  // Explanations stay hidden until an answer is checked.
  await expect(question.locator('[data-quiz-explain]').first()).toBeHidden();
  await radios.nth(0).focus();
  await page.keyboard.press('Space');
  for (let i = 0; i < wrong; i++) await page.keyboard.press('ArrowDown');
  await expect(radios.nth(wrong)).toBeChecked();
  await page.keyboard.press('Tab');
  await expect(question.getByRole('button', { name: 'Check answer' })).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(question.locator('.quiz-feedback')).toHaveText(/^Not quite/);
  await expect(question.locator('[data-quiz-explain]')).toHaveCount(count);
  for (const explain of await question.locator('[data-quiz-explain]').all()) await expect(explain).toBeVisible();

  await radios.nth(wrong).focus();
  await page.keyboard.press(correct > wrong ? 'ArrowDown' : 'ArrowUp');
  for (let i = Math.abs(correct - wrong) - 1; i > 0; i--) await page.keyboard.press(correct > wrong ? 'ArrowDown' : 'ArrowUp');
  await expect(radios.nth(correct)).toBeChecked();
  await question.getByRole('button', { name: 'Check answer' }).press('Enter');
  await expect(question.locator('.quiz-feedback')).toHaveText(/^Correct/);
  const total = await quiz.locator('[data-quiz-question]').count();
  await expect(quiz.locator('[data-quiz-score]')).toHaveText(`You have answered 1 of ${total} questions correctly.`);
  await expectNoAxeViolations(page, '[data-quiz]');

  await page.reload();
  const again = await openQuiz(page);
  await expect(again.locator('[data-quiz-question]').first().getByRole('radio').nth(correct)).toBeChecked();
  await page.goto(HOME);
  await expect(page.locator(`[data-progress-quiz="${lesson.id}"]`)).toContainText(`Quiz: 1 of ${total} right`);
});

test('checking without choosing says what to do', async ({ page }) => {
  const quiz = await openQuiz(page);
  const question = quiz.locator('[data-quiz-question]').nth(1);
  await question.getByRole('button', { name: 'Check answer' }).click();
  await expect(question.locator('.quiz-feedback')).toHaveText('Choose an answer first.');
});
