/**
 * The reference solution section. Whether the solution may be shown follows
 * the exercise's policy and the learner's attempts (solutionState in
 * model.ts); when it may, the learner can compare their code with it, one
 * file at a time. The diff view (solution.ts, with @codemirror/merge) is
 * imported the first time it is opened: many learners never open it.
 */
import type { ExerciseBundle } from '../runtime/bundle.ts';
import type { ExerciseStore } from '../progress/store.ts';
import { h } from './dom.ts';
import { solutionState } from './model.ts';

export interface SolutionPanel {
  readonly element: HTMLElement;
  /** Applies the policy again: the learner's attempts changed (a test run, a reset). */
  refresh(): void;
}

export interface SolutionPanelOptions {
  prefix: string;
  bundle: ExerciseBundle;
  store: ExerciseStore;
  /** The learner's files now, to compare with the solution. */
  learnerFiles(): Record<string, string>;
}

export function createSolutionPanel({ prefix, bundle, store, learnerFiles }: SolutionPanelOptions): SolutionPanel {
  const text = h('p', { class: 'wb-muted' });
  const button = h('button', { type: 'button', class: 'button secondary', 'aria-expanded': 'false', 'aria-controls': `${prefix}-diff` }, 'Compare your code with the solution');
  // Only the files the learner writes: not the read-only ones, nor README.md (the exercise's description).
  const files = Object.keys(bundle.solution ?? {}).filter((p) => !bundle.readonly.includes(p) && p !== 'README.md');
  const select = h('select', { id: `${prefix}-diff-file` }, ...files.map((p) => h('option', { value: p }, p)));
  const picker = h('p', { hidden: files.length < 2 }, h('label', { for: `${prefix}-diff-file` }, 'File '), select);
  const diff = h('div', { class: 'wb-diff', id: `${prefix}-diff`, hidden: true });
  const element = h('section', { class: 'wb-section', 'aria-labelledby': `${prefix}-solution-h` }, h('h3', { id: `${prefix}-solution-h` }, 'Reference solution'), text, button, picker, diff);
  let view: { destroy(): void } | null = null;

  const draw = async () => {
    const path = select.value || files[0];
    if (!path) return;
    const { showSolutionDiff } = await import('./solution.ts');
    view?.destroy();
    const mine = learnerFiles()[path];
    diff.replaceChildren(
      h(
        'p',
        { class: 'wb-muted' },
        mine === undefined
          ? `You have no ${path}: every line of the solution's ${path} is marked +.`
          : `Lines marked − are in your ${path} but not in the solution; lines marked + are in the solution.`,
      ),
    );
    view = showSolutionDiff(diff, path, mine ?? '', bundle.solution?.[path] ?? '');
  };
  const close = () => {
    view?.destroy();
    view = null;
    diff.hidden = true;
    diff.replaceChildren();
    button.setAttribute('aria-expanded', 'false');
    button.textContent = 'Compare your code with the solution';
  };
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    if (button.getAttribute('aria-expanded') === 'true') return close();
    button.setAttribute('aria-expanded', 'true');
    button.textContent = 'Hide the solution';
    diff.hidden = false;
    await draw();
  });
  select.addEventListener('change', () => void draw());

  const refresh = () => {
    const state = solutionState(bundle, store.get()?.attempts ?? 0);
    element.dataset['solution'] = state;
    if (state === 'never') {
      text.textContent = 'This course does not show reference solutions. The hints and the test messages will guide you.';
      button.hidden = true;
      picker.hidden = true;
    } else if (state === 'locked') {
      text.textContent = 'The reference solution becomes available after your first test run.';
      button.setAttribute('aria-disabled', 'true');
      close();
    } else {
      text.textContent = 'Compare your code with one way to solve it. Other solutions can be just as right: the tests decide.';
      button.removeAttribute('aria-disabled');
    }
  };
  refresh();
  return { element, refresh };
}
