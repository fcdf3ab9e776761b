/**
 * The rules a knowledge-check question must follow, checked when the page is
 * built (Question.astro) so a broken quiz fails the build instead of
 * confusing a learner. The same rules are checked on the MDX sources by
 * tests/unit/site/quiz.test.ts, which can also name the file.
 */

/** Where Option.astro puts the verdict, inside the rendered <Explain>. */
export const VERDICT_SLOT = '<span data-quiz-verdict></span>';

export class QuizStructureError extends Error {
  override name = 'QuizStructureError';
}

function plain(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Throws a QuizStructureError quoting the prompt when a question breaks a rule. */
export function checkQuestion(promptHtml: string, optionsHtml: string): void {
  const prompt = plain(promptHtml).slice(0, 90) || '(empty prompt)';
  const options = optionsHtml.match(/<li class="quiz-option"[^>]*>/g) ?? [];
  const correct = options.filter((tag) => tag.includes('data-correct')).length;
  const explained = (optionsHtml.match(/<details class="quiz-explain"/g) ?? []).length;
  const problems: string[] = [];
  if (!plain(promptHtml)) problems.push('it has no prompt before its first <Option>');
  if (options.length < 2) problems.push(`it has ${options.length} <Option>; at least 2 are needed`);
  if (correct !== 1) problems.push(`${correct} options are marked correct; exactly one must be`);
  if (explained !== options.length) problems.push(`${options.length - explained} of its ${options.length} options have no <Explain>`);
  if (problems.length) throw new QuizStructureError(`Quiz question "${prompt}": ${problems.join('; ')}.`);
}
