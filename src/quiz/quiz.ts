/**
 * Turns the server-rendered knowledge checks (Quiz.astro) into answerable
 * questions: each option becomes a radio button, "Check answer" marks the
 * choice in words (not only colour), opens the explanation of every option,
 * and saves the answers with the learner's progress. Without this script the
 * quiz still reads as questions with "Is this right?" disclosures.
 */
import { loadProgress, saveQuiz, type StorageLike } from '../progress/store.ts';

interface QuestionView {
  index: number;
  element: HTMLElement;
  radios: HTMLInputElement[];
  options: HTMLElement[];
  correct: number;
  feedback: HTMLElement;
  checked: number | null;
}

function browserStorage(): StorageLike | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

export function enhanceQuizzes(root: ParentNode, storage: StorageLike | null = browserStorage()): void {
  for (const quiz of root.querySelectorAll<HTMLElement>('[data-quiz]:not([data-quiz-ready])')) enhanceQuiz(quiz, storage);
}

function enhanceQuiz(quiz: HTMLElement, storage: StorageLike | null): void {
  quiz.dataset.quizReady = '';
  const lesson = quiz.dataset.quizLesson ?? '';
  const intro = quiz.querySelector<HTMLElement>('[data-quiz-intro]');
  if (intro) intro.textContent = 'Each question has one best answer. Choose it, then press “Check answer” to see why each option is right or wrong.';
  const score = quiz.querySelector<HTMLElement>('[data-quiz-score]');
  const questions = [...quiz.querySelectorAll<HTMLElement>('[data-quiz-question]')].map((element, index) => buildQuestion(element, lesson, index));

  const save = () => {
    const answered = questions.filter((q) => q.checked !== null);
    const correct = answered.filter((q) => q.checked === q.correct).length;
    if (score && answered.length) {
      score.hidden = false;
      score.textContent = `You have answered ${correct} of ${questions.length} questions correctly.`;
    }
    if (!storage || !lesson) return;
    const answers = Object.fromEntries(answered.map((q) => [String(q.index), q.checked as number]));
    saveQuiz(storage, lesson, { answers, correct, total: questions.length });
  };

  // Answers saved earlier are shown as checked, quietly (no announcement on page load).
  const saved = storage && lesson ? loadProgress(storage).data.quizzes[lesson] : undefined;
  for (const q of questions) {
    const previous = saved?.answers[String(q.index)];
    if (previous !== undefined && previous < q.radios.length) {
      q.radios[previous]!.checked = true;
      showVerdict(q, previous, false);
    }
    q.element.querySelector('[data-quiz-check]')?.addEventListener('click', () => {
      const choice = q.radios.findIndex((r) => r.checked);
      if (choice === -1) {
        q.feedback.textContent = 'Choose an answer first.';
        return;
      }
      showVerdict(q, choice, true);
      save();
    });
  }
  if (saved) save();
}

function buildQuestion(element: HTMLElement, lesson: string, index: number): QuestionView {
  const prompt = element.querySelector<HTMLElement>('[data-quiz-prompt]');
  const promptId = `quiz-${lesson}-${index + 1}`;
  if (prompt) prompt.id = promptId;
  const list = element.querySelector<HTMLElement>('.quiz-options');
  list?.setAttribute('role', 'radiogroup');
  list?.setAttribute('aria-labelledby', promptId);
  const options = [...element.querySelectorAll<HTMLElement>('[data-quiz-option]')];
  const radios = options.map((option, i) => {
    // The list becomes a radio group: its items are no longer list items to assistive technology.
    option.setAttribute('role', 'none');
    const text = option.querySelector<HTMLElement>('[data-quiz-option-text]');
    const label = document.createElement('label');
    const radio = document.createElement('input');
    radio.type = 'radio';
    radio.name = promptId;
    radio.value = String(i);
    label.append(radio);
    if (text) {
      text.before(label);
      label.append(text);
    } else {
      option.prepend(label);
    }
    // The explanations wait for "Check answer": reading them first would give the answer away.
    const explain = option.querySelector<HTMLDetailsElement>('[data-quiz-explain]');
    if (explain) explain.hidden = true;
    return radio;
  });
  const actions = document.createElement('div');
  actions.className = 'quiz-actions';
  const button = document.createElement('button');
  button.type = 'button';
  button.className = 'button secondary';
  button.dataset.quizCheck = '';
  button.textContent = 'Check answer';
  const feedback = document.createElement('p');
  feedback.className = 'quiz-feedback';
  feedback.setAttribute('aria-live', 'polite');
  actions.append(button, feedback);
  element.append(actions);
  const correct = options.findIndex((o) => o.dataset.correct === 'true');
  return { index, element, radios, options, correct, feedback, checked: null };
}

function showVerdict(q: QuestionView, choice: number, announce: boolean): void {
  q.checked = choice;
  q.options.forEach((option, i) => {
    option.dataset.state = i === choice ? (i === q.correct ? 'chosen-correct' : 'chosen-wrong') : '';
    const explain = option.querySelector<HTMLDetailsElement>('[data-quiz-explain]');
    if (explain) {
      explain.hidden = false;
      explain.open = true;
      const summary = explain.querySelector('summary');
      if (summary) summary.textContent = i === choice ? 'Your answer' : 'Why';
    }
  });
  const right = choice === q.correct;
  const message = right
    ? 'Correct. The explanations under each option say why the others are not.'
    : 'Not quite. Read the explanation under your answer, then try another option.';
  // Re-set the text so a repeated verdict is announced again.
  q.feedback.textContent = '';
  if (announce) requestAnimationFrame(() => (q.feedback.textContent = message));
  else q.feedback.textContent = message;
}
