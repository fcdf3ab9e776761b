/**
 * The terminal (xterm.js + fit addon). Loaded with import() only when the
 * output panel is first shown, so it stays out of the workbench's first chunk.
 */
import { Terminal, type ITheme } from '@xterm/xterm';
import { FitAddon } from '@xterm/addon-fit';
import '@xterm/xterm/css/xterm.css';

function themeFromCss(el: HTMLElement): ITheme {
  // The tokens are light-dark() pairs, which only resolve where a colour is used:
  // let a hidden probe use each one and read back the computed rgb() colour.
  const probe = document.createElement('span');
  probe.hidden = true;
  el.append(probe);
  const v = (name: string) => {
    probe.style.color = `var(${name})`;
    return getComputedStyle(probe).color;
  };
  try {
    return themeColors(v);
  } finally {
    probe.remove();
  }
}

function themeColors(v: (name: string) => string): ITheme {
  return {
    background: v('--bg-code'),
    foreground: v('--fg'),
    cursor: v('--bg-code'),
    selectionBackground: v('--accent-soft'),
    red: v('--fail'),
    brightRed: v('--fail'),
    green: v('--ok'),
    brightGreen: v('--ok'),
    yellow: v('--warn'),
    brightYellow: v('--warn'),
    blue: v('--accent'),
    brightBlue: v('--accent'),
    // Dim/grey text in test output must stay readable on both themes.
    brightBlack: v('--fg-muted'),
    white: v('--fg'),
    brightWhite: v('--fg'),
    black: v('--fg'),
  };
}

export interface TerminalHandle {
  write(chunk: string): void;
  clear(): void;
  dispose(): void;
}

/**
 * @param label       accessible name of the terminal's (read-only) input
 * @param describedBy id of the text that says how to leave the terminal and run the tests
 */
export function createTerminal(container: HTMLElement, label: string, describedBy?: string): TerminalHandle {
  const terminal = new Terminal({
    convertEol: true,
    disableStdin: true,
    cursorBlink: false,
    cursorInactiveStyle: 'none',
    rows: 16,
    scrollback: 5000,
    fontFamily: getComputedStyle(container).getPropertyValue('--font-mono').trim() || 'monospace',
    fontSize: 13,
    // Gives assistive technology the rows (an accessibility tree) and announces new output.
    screenReaderMode: true,
    theme: themeFromCss(container),
  });
  const fit = new FitAddon();
  terminal.loadAddon(fit);
  terminal.open(container);
  // The hidden input xterm uses for typing: read-only here, and named for assistive technology.
  const input = container.querySelector('textarea');
  if (input) {
    input.setAttribute('aria-label', label);
    if (describedBy) input.setAttribute('aria-describedby', describedBy);
    input.readOnly = true;
  }
  // Nothing is typed into this terminal, so keys that mean something to the page stay the page's:
  // Tab and Shift+Tab move focus on, and Ctrl/Cmd+Enter reaches the workbench's "Run tests" shortcut.
  terminal.attachCustomKeyEventHandler((event) => {
    if (event.key === 'Tab') return false;
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) return false;
    return true;
  });
  const refit = () => {
    try {
      fit.fit();
    } catch {
      // Not laid out yet.
    }
  };
  refit();
  const resize = new ResizeObserver(refit);
  resize.observe(container);
  // Follow the site's theme switch.
  const retheme = () => (terminal.options.theme = themeFromCss(container));
  const observer = new MutationObserver(retheme);
  observer.observe(document.documentElement, { attributes: true, attributeFilter: ['data-theme'] });
  const media = matchMedia('(prefers-color-scheme: dark)');
  media.addEventListener('change', retheme);
  return {
    write: (chunk) => terminal.write(chunk),
    clear: () => terminal.clear(),
    dispose() {
      resize.disconnect();
      observer.disconnect();
      media.removeEventListener('change', retheme);
      terminal.dispose();
    },
  };
}
