/**
 * The "Reset this exercise?" confirmation: a native modal <dialog> (focus
 * trap, Escape to cancel, for free), because a reset cannot be undone.
 * Focus returns to the button that opened it.
 */
import { h } from './dom.ts';

export function createResetDialog(prefix: string, opener: HTMLButtonElement, onReset: () => void): HTMLDialogElement {
  const dialog = h(
    'dialog',
    { class: 'wb-dialog', 'aria-labelledby': `${prefix}-reset-h`, 'aria-describedby': `${prefix}-reset-d` },
    h('h3', { id: `${prefix}-reset-h` }, 'Reset this exercise?'),
    h('p', { id: `${prefix}-reset-d` }, 'Your files go back to the starter code, and your attempts, hints and passed state for this exercise are cleared. This cannot be undone.'),
    h(
      'form',
      { method: 'dialog', class: 'wb-toolbar' },
      h('button', { type: 'submit', value: 'cancel', class: 'button secondary', autofocus: true }, 'Cancel'),
      h('button', { type: 'submit', value: 'reset', class: 'button wb-danger' }, 'Reset exercise'),
    ),
  );
  opener.addEventListener('click', () => {
    // Cleared first: Escape closes the dialog without setting a return value, and must not reset.
    dialog.returnValue = '';
    dialog.showModal();
  });
  dialog.addEventListener('close', () => {
    if (dialog.returnValue === 'reset') onReset();
    opener.focus();
  });
  return dialog;
}
