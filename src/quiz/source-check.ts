/**
 * Reads the knowledge check out of a lesson's MDX source and lists what breaks
 * the course's rules (4–6 questions, 3–4 options each, exactly one correct, an
 * explanation for every option). Used by tests/unit/site/quiz.test.ts, which
 * names the lesson file; the build checks the same per question (structure.ts).
 */
export interface QuizRules {
  minQuestions: number;
  maxQuestions: number;
  minOptions: number;
  maxOptions: number;
}

export const COURSE_QUIZ_RULES: QuizRules = { minQuestions: 4, maxQuestions: 6, minOptions: 3, maxOptions: 4 };

/** Drops fenced code blocks and inline code, so example markup inside them is not mistaken for the quiz. */
function withoutCode(source: string): string {
  return source.replace(/^(\s*)(`{3,}|~{3,})[^\n]*\n[\s\S]*?^\1\2[ \t]*$/gm, '').replace(/`[^`\n]*`/g, '``');
}

export function quizProblems(source: string, rules: QuizRules = COURSE_QUIZ_RULES): string[] {
  const text = withoutCode(source);
  const quizzes = text.match(/<Quiz>[\s\S]*?<\/Quiz>/g) ?? [];
  if (quizzes.length !== 1) return [`has ${quizzes.length} <Quiz> blocks; a lesson has exactly one, under "Check your understanding"`];
  const questions = quizzes[0]!.match(/<Question>[\s\S]*?<\/Question>/g) ?? [];
  const problems: string[] = [];
  if (questions.length < rules.minQuestions || questions.length > rules.maxQuestions) {
    problems.push(`has ${questions.length} questions; ${rules.minQuestions}–${rules.maxQuestions} are expected`);
  }
  questions.forEach((question, i) => {
    const options = question.match(/<Option(\s+correct)?\s*>[\s\S]*?<\/Option>/g) ?? [];
    const correct = options.filter((o) => /^<Option\s+correct/.test(o)).length;
    const unexplained = options.filter((o) => !/<Explain>[\s\S]*?\S[\s\S]*?<\/Explain>/.test(o)).length;
    const name = `question ${i + 1}`;
    if (options.length < rules.minOptions || options.length > rules.maxOptions) {
      problems.push(`${name} has ${options.length} options; ${rules.minOptions}–${rules.maxOptions} are expected`);
    }
    if (correct !== 1) problems.push(`${name} has ${correct} options marked correct; exactly one must be`);
    if (unexplained) problems.push(`${name} has ${unexplained} option(s) without an <Explain>`);
    const prompt = question.replace(/^<Question>/, '').split('<Option')[0]!.trim();
    if (!prompt) problems.push(`${name} has no prompt before its options`);
  });
  return problems;
}
