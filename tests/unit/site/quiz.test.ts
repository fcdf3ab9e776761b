import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { quizProblems } from '../../../src/quiz/source-check.ts';
import { checkQuestion, QuizStructureError } from '../../../src/quiz/structure.ts';

const lessonsDir = resolve(import.meta.dirname, '../../../content/lessons');
const lessons = readdirSync(lessonsDir).filter((name) => name.endsWith('.mdx'));

describe('every lesson has a knowledge check that follows the rules', () => {
  it.each(lessons)('%s', (name) => {
    const problems = quizProblems(readFileSync(join(lessonsDir, name), 'utf8'));
    expect(problems, `content/lessons/${name}: ${problems.join('; ')}`).toEqual([]);
  });
});

const option = (text: string, correct = false, explain = 'Because.') => `<Option${correct ? ' correct' : ''}>${text} <Explain>${explain}</Explain></Option>`;
const question = (...options: string[]) => `<Question>\nWhich one?\n\n${options.join('\n')}\n</Question>`;
const quiz = (...questions: string[]) => `## Check\n\n<Quiz>\n\n${questions.join('\n\n')}\n\n</Quiz>\n`;
const good = question(option('A'), option('B', true), option('C'));

describe('quizProblems', () => {
  it('accepts a well-formed quiz', () => {
    expect(quizProblems(quiz(good, good, good, good))).toEqual([]);
  });
  it('names each broken rule', () => {
    const problems = quizProblems(quiz(good, good, good, question(option('A', true), option('B', true), option('C')), question(option('A'), option('B', true), '<Option>C</Option>')));
    expect(problems).toEqual(['question 4 has 2 options marked correct; exactly one must be', 'question 5 has 1 option(s) without an <Explain>']);
    expect(quizProblems(quiz(good, good))).toEqual(['has 2 questions; 4–6 are expected']);
    expect(quizProblems('no quiz here')[0]).toMatch(/0 <Quiz> blocks/);
  });
  it('ignores quiz markup shown inside code', () => {
    const shown = '```mdx\n<Quiz>\n<Question>\n</Question>\n</Quiz>\n```\n';
    expect(quizProblems(shown + quiz(good, good, good, good))).toEqual([]);
  });
});

describe('checkQuestion (the build-time check)', () => {
  const opt = (correct: boolean, explained = true) =>
    `<li class="quiz-option" data-quiz-option${correct ? ' data-correct="true"' : ''}>x${explained ? '<details class="quiz-explain"></details>' : ''}</li>`;
  it('passes a question with one correct option, all explained', () => {
    expect(() => checkQuestion('<p>Why?</p>', opt(false) + opt(true))).not.toThrow();
  });
  it('fails the build quoting the prompt', () => {
    expect(() => checkQuestion('<p>Why is the sky blue?</p>', opt(false) + opt(false, false))).toThrow(QuizStructureError);
    expect(() => checkQuestion('<p>Why is the sky blue?</p>', opt(false) + opt(false, false))).toThrow(/"Why is the sky blue\?".*0 options are marked correct.*1 of its 2 options have no <Explain>/);
  });
});
