/**
 * The components a lesson's MDX may use without importing them: the
 * knowledge check. The lesson page passes them to <Content components>.
 * (Quiz.astro saves answers under the lesson id it reads from the page URL.)
 */
import Quiz from './Quiz.astro';
import Question from './Question.astro';
import Option from './Option.astro';
import Explain from './Explain.astro';

export const quizComponents = { Quiz, Question, Option, Explain };
