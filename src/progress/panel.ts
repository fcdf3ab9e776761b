/** Behaviour of the home page's "Your progress" section (ProgressPanel.astro). */
import { exportProgress, loadProgress, mergeProgress, parseImport, saveProgress } from './store.ts';

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

export function summarise(exercises: Record<string, { passed: boolean }>): string {
  const entries = Object.values(exercises);
  if (entries.length === 0) return 'You have not started an exercise yet. Your progress will be saved in this browser as you work.';
  const passed = entries.filter((e) => e.passed).length;
  return `You have started ${entries.length} exercise${entries.length === 1 ? '' : 's'} and passed ${passed}. Progress is saved in this browser; export it to move it to another one.`;
}

export function panel(root: HTMLElement): void {
  const summary = root.querySelector<HTMLElement>('[data-progress-summary]')!;
  const notice = root.querySelector<HTMLElement>('[data-progress-notice]')!;
  const actions = root.querySelector<HTMLElement>('[data-progress-actions]')!;
  const input = root.querySelector<HTMLInputElement>('[data-progress-import]')!;
  const loaded = loadProgress(localStorage);
  if (loaded.notice) notice.textContent = loaded.notice;
  const refresh = () => (summary.textContent = summarise(loadProgress(localStorage).data.exercises));
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
    notice.textContent = error ?? `Imported progress for ${count} exercise${count === 1 ? '' : 's'}.`;
    refresh();
  });
  addEventListener('storage', refresh);
}
