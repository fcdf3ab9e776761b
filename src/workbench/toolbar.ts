/**
 * The toolbar under the editor: "Run tests" (marked busy while a run is under
 * way) and "Reset exercise…", plus the keyboard help the run button is
 * described by, placed between the editor and the buttons it explains.
 */
import { h } from './dom.ts';

export interface Toolbar {
  /** The keyboard help: how to leave the editor and run the tests from the keyboard. */
  readonly keys: HTMLElement;
  readonly element: HTMLElement;
  /** Opens the reset confirmation (reset-dialog.ts). */
  readonly resetButton: HTMLButtonElement;
  /** Shows whether a test run is under way. */
  running(on: boolean): void;
}

export function createToolbar(prefix: string, onRun: () => void): Toolbar {
  const keys = h(
    'p',
    { class: 'wb-muted wb-keys', id: `${prefix}-keys` },
    'In the editor, Tab indents; press Escape then Tab to move on. ',
    h('kbd', {}, 'Ctrl'),
    '+',
    h('kbd', {}, 'Enter'),
    ' (',
    h('kbd', {}, '⌘'),
    '+',
    h('kbd', {}, 'Enter'),
    ' on a Mac) runs the tests.',
  );
  const runButton = h('button', { type: 'button', class: 'button', 'aria-keyshortcuts': 'Control+Enter Meta+Enter', 'aria-describedby': `${prefix}-keys` }, 'Run tests');
  runButton.addEventListener('click', onRun);
  const resetButton = h('button', { type: 'button', class: 'button secondary' }, 'Reset exercise…');
  const element = h('div', { class: 'wb-toolbar' }, runButton, resetButton);

  return {
    keys,
    element,
    resetButton,
    running(on) {
      // aria-disabled, not disabled: the button keeps focus and stays announced while the run lasts.
      if (on) runButton.setAttribute('aria-disabled', 'true');
      else runButton.removeAttribute('aria-disabled');
      runButton.textContent = on ? 'Running tests…' : 'Run tests';
    },
  };
}
