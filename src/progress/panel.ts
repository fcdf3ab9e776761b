/** Behaviour of the home page's "Your progress" section (ProgressPanel.astro). */
import { exportProgress, loadProgress, mergeProgress, parseImport, saveProgress, CHANGE_EVENT, type ProgressData } from './store.ts';

export function downloadText(filename: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** One sentence over the whole course; `lessonCount` is how many lessons this deployment shows. */
export function summarise(data: Pick<ProgressData, 'exercises' | 'quizzes' | 'lessons'>, lessonCount: number): string {
  const exercises = Object.values(data.exercises);
  const read = Object.keys(data.lessons).length;
  const quizzes = Object.values(data.quizzes);
  if (exercises.length === 0 && read === 0 && quizzes.length === 0) {
    return 'You have not started yet. Your progress will be saved in this browser as you read, answer and solve.';
  }
  const passed = exercises.filter((e) => e.passed).length;
  const perfect = quizzes.filter((q) => q.correct === q.total).length;
  return (
    `Of ${plural(lessonCount, 'lesson')}, you have read ${read}, answered every question right in ${perfect} ` +
    `${perfect === 1 ? 'quiz' : 'quizzes'}, and passed ${passed} ${passed === 1 ? 'exercise' : 'exercises'} ` +
    `(${exercises.length - passed} more in progress). Progress is saved in this browser; export it to move it to another one.`
  );
}

export function panel(root: HTMLElement): void {
  const summary = root.querySelector<HTMLElement>('[data-progress-summary]')!;
  const notice = root.querySelector<HTMLElement>('[data-progress-notice]')!;
  const actions = root.querySelector<HTMLElement>('[data-progress-actions]')!;
  const input = root.querySelector<HTMLInputElement>('[data-progress-import]')!;
  const loaded = loadProgress(localStorage);
  if (loaded.notice) notice.textContent = loaded.notice;
  const lessonCount = Number(root.dataset['lessonCount'] ?? 0);
  const refresh = () => (summary.textContent = summarise(loadProgress(localStorage).data, lessonCount));
  refresh();
  actions.hidden = false;

  root.querySelector('[data-progress-export]')!.addEventListener('click', () => {
    downloadText('twelve-factor-progress.json', exportProgress(loadProgress(localStorage).data));
    notice.textContent = 'Your progress was exported to twelve-factor-progress.json.';
  });
  input.addEventListener('change', async () => {
    const file = input.files?.[0];
    if (!file) return;
    const result = parseImport(await file.text());
    input.value = '';
    if (!result.ok) {
      notice.textContent = result.error;
      return;
    }
    const error = saveProgress(localStorage, mergeProgress(loadProgress(localStorage).data, result.data));
    const count = Object.keys(result.data.exercises).length;
    notice.textContent = error ?? `Imported progress for ${plural(count, 'exercise')}.`;
    refresh();
  });
  addEventListener('storage', refresh);
  addEventListener(CHANGE_EVENT, refresh);
}
