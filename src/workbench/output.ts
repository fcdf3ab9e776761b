/**
 * The output panel: a disclosure that shows what the tests and the app print.
 * Output is buffered from the start; the terminal (xterm) is imported the
 * first time the panel opens.
 */
import type { TerminalHandle } from './xterm.ts';

const MAX_BUFFER = 256 * 1024;

export interface OutputPanel {
  readonly element: HTMLElement;
  write(chunk: string): void;
  clear(): void;
  open(): Promise<void>;
}

export function createOutputPanel(doc: Document, idPrefix: string): OutputPanel {
  const element = doc.createElement('section');
  element.className = 'wb-output';
  element.setAttribute('aria-labelledby', `${idPrefix}-output-h`);
  const heading = doc.createElement('h3');
  heading.id = `${idPrefix}-output-h`;
  const toggle = doc.createElement('button');
  toggle.type = 'button';
  toggle.className = 'wb-disclosure';
  toggle.setAttribute('aria-expanded', 'false');
  toggle.setAttribute('aria-controls', `${idPrefix}-output-body`);
  toggle.textContent = 'Output';
  heading.append(toggle);
  const body = doc.createElement('div');
  body.id = `${idPrefix}-output-body`;
  body.className = 'wb-output-body';
  body.hidden = true;
  const status = doc.createElement('p');
  status.className = 'wb-muted';
  status.textContent = 'Loading the terminal…';
  const screen = doc.createElement('div');
  screen.className = 'wb-terminal';
  const keys = doc.createElement('p');
  keys.className = 'wb-muted wb-keys';
  keys.id = `${idPrefix}-output-keys`;
  keys.textContent = 'The output is read-only: arrow keys scroll it, Tab moves on, Ctrl+Enter (⌘+Enter on a Mac) runs the tests again.';
  body.append(status, screen, keys);
  element.append(heading, body);

  let buffer = '';
  let terminal: TerminalHandle | null = null;
  let loading: Promise<void> | null = null;

  const load = () =>
    (loading ??= import('./xterm.ts').then(
      ({ createTerminal }) => {
        terminal = createTerminal(screen, 'Output of your code (read-only)', keys.id);
        terminal.write(buffer);
        status.textContent = '';
        status.hidden = true;
      },
      (error: unknown) => {
        status.textContent = `The terminal could not be loaded (${(error as Error).message}). The last output:`;
        const pre = doc.createElement('pre');
        pre.textContent = buffer;
        screen.replaceChildren(pre);
      },
    ));

  const panel: OutputPanel = {
    element,
    write(chunk) {
      buffer = (buffer + chunk).slice(-MAX_BUFFER);
      terminal?.write(chunk);
    },
    clear() {
      buffer = '';
      terminal?.clear();
    },
    async open() {
      toggle.setAttribute('aria-expanded', 'true');
      body.hidden = false;
      await load();
    },
  };
  toggle.addEventListener('click', () => {
    if (toggle.getAttribute('aria-expanded') === 'true') {
      toggle.setAttribute('aria-expanded', 'false');
      body.hidden = true;
    } else void panel.open();
  });
  return panel;
}
