/**
 * The hints section: hints are revealed one at a time, on request, so the
 * learner gets no more help than they ask for. The count revealed is saved,
 * and a returning learner sees the same hints again.
 */
import type { ExerciseStore } from '../progress/store.ts';
import { h } from './dom.ts';
import { renderMarkdown } from './markdown.ts';

export interface HintsPanel {
  readonly element: HTMLElement;
  /** Hides every hint again (exercise reset). */
  reset(): void;
}

export interface HintsPanelOptions {
  prefix: string;
  /** The hints, in Markdown, in the order they are revealed. */
  hints: readonly string[];
  store: ExerciseStore;
  /** How many hints the learner revealed before (saved progress). */
  revealed: number;
}

export function createHintsPanel({ prefix, hints, store, revealed }: HintsPanelOptions): HintsPanel {
  const list = h('ol', { class: 'wb-hints', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', class: 'button secondary' });
  button.addEventListener('click', () => reveal());
  const element = h('section', { class: 'wb-section', 'aria-labelledby': `${prefix}-hints-h` }, h('h3', { id: `${prefix}-hints-h` }, 'Hints'), list, button);

  /** Shows the first `count` hints; hints already on screen are kept, so the live region announces only new ones. */
  function show(count: number): void {
    const shown = Math.min(count, hints.length);
    while (list.children.length > shown) list.lastElementChild?.remove();
    for (let i = list.children.length; i < shown; i++) {
      const item = h('li', { class: 'wb-hint' });
      renderMarkdown(item, hints[i] ?? '');
      list.append(item);
    }
    if (hints.length === 0) {
      button.hidden = true;
    } else if (shown >= hints.length) {
      button.textContent = `All ${hints.length} hints shown`;
      button.setAttribute('aria-disabled', 'true');
    } else {
      button.textContent = shown === 0 ? `Show a hint (1 of ${hints.length})` : `Show the next hint (${shown + 1} of ${hints.length})`;
      button.removeAttribute('aria-disabled');
    }
  }

  function reveal(): void {
    const shown = list.children.length;
    if (shown >= hints.length) return;
    show(shown + 1);
    store.update((entry) => {
      entry.hintsRevealed = Math.max(entry.hintsRevealed, shown + 1);
    });
  }

  show(revealed);
  return { element, reset: () => show(0) };
}
