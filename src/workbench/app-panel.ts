/**
 * "Run your app": starts the learner's app on the runtime the way a platform
 * would (with PORT set to a free port), sends it requests from a small form
 * and shows the response (status, headers, body). What the app prints goes
 * to the output panel, like the tests' output.
 */
import type { AppHandle, Runtime } from '../runtime/types.ts';
import { h } from './dom.ts';
import type { OutputPanel } from './output.ts';

export interface AppPanel {
  readonly element: HTMLElement;
  /** Stops the app, if it runs, and shows the panel idle: the runtime it ran on is being replaced. */
  reset(): void;
}

export interface AppPanelOptions {
  prefix: string;
  /** The runtime that can start the app now, or null when none is ready. */
  runtime(): Runtime | null;
  /** Every file the app needs: the learner's files plus the read-only ones. */
  files(): Record<string, string>;
  output: OutputPanel;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'];

export function createAppPanel({ prefix, runtime, files, output }: AppPanelOptions): AppPanel {
  let app: AppHandle | null = null;
  const start = h('button', { type: 'button', class: 'button secondary' }, 'Start app');
  const stop = h('button', { type: 'button', class: 'button secondary', hidden: true }, 'Stop app');
  const state = h('p', { class: 'wb-muted', role: 'status' }, 'Your app is not running.');

  // The request form, shown while the app runs.
  const method = h('select', { id: `${prefix}-method`, name: 'method' }, ...METHODS.map((m) => h('option', { value: m }, m)));
  const path = h('input', { id: `${prefix}-path`, name: 'path', value: '/', required: true, spellcheck: 'false', autocomplete: 'off' });
  const body = h('textarea', { id: `${prefix}-body`, name: 'body', rows: 3, spellcheck: 'false' });
  const send = h('button', { type: 'submit', class: 'button secondary' }, 'Send request');
  const form = h(
    'form',
    { class: 'wb-request', hidden: true, 'aria-label': 'Request to your app' },
    h('p', {}, h('label', { for: `${prefix}-method` }, 'Method'), method),
    h('p', {}, h('label', { for: `${prefix}-path` }, 'Path'), path),
    h('p', {}, h('label', { for: `${prefix}-body` }, 'Body (optional)'), body),
    send,
  );
  const response = h('div', { class: 'wb-response', 'aria-live': 'polite' });

  const stopped = (text: string) => {
    app = null;
    const hadFocus = form.contains(document.activeElement) || document.activeElement === stop || document.activeElement === start;
    start.hidden = false;
    start.removeAttribute('aria-disabled');
    stop.hidden = true;
    form.hidden = true;
    state.textContent = text;
    if (hadFocus) start.focus();
  };

  start.addEventListener('click', async () => {
    const current = runtime();
    if (!current) {
      state.textContent = 'No runtime is ready to start your app: see above.';
      return;
    }
    if (start.getAttribute('aria-disabled') === 'true') return;
    // The button stays (disabled) while the app starts, so keyboard focus is not dropped to the page.
    start.setAttribute('aria-disabled', 'true');
    state.textContent = 'Starting your app…';
    output.write(`\r\n\u001b[1m▶ Starting your app (${current.label})\u001b[0m\r\n`);
    try {
      const started = await current.startApp(files(), (chunk) => output.write(chunk));
      app = started;
      const hadFocus = document.activeElement === start;
      start.hidden = true;
      start.removeAttribute('aria-disabled');
      stop.hidden = false;
      form.hidden = false;
      state.textContent = 'Your app is running. Send it a request below; what it prints appears under Output.';
      // Focus moves to what replaced the button: the request form, ready for a path.
      if (hadFocus) path.focus();
      void started.exited.then((code) => {
        // Only if this is still the app on show: a stopped or replaced app has already updated the panel.
        if (app === started) stopped(`Your app stopped${code === null ? '' : ` (exit code ${code})`}. What it printed is under Output.`);
      });
    } catch (error) {
      stopped(`Your app could not start: ${(error as Error).message}`);
    }
  });

  stop.addEventListener('click', async () => {
    const running = app;
    state.textContent = 'Stopping your app…';
    app = null;
    await running?.stop();
    stopped('Your app was stopped.');
    start.focus();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!app) return;
    send.setAttribute('aria-disabled', 'true');
    response.replaceChildren(h('p', {}, 'Waiting for the answer…'));
    try {
      // Bodies are sent only with methods that carry one.
      const hasBody = body.value !== '' && !['GET', 'HEAD'].includes(method.value);
      const answer = await app.request({ method: method.value, path: path.value.startsWith('/') ? path.value : `/${path.value}`, ...(hasBody ? { body: body.value } : {}) });
      response.replaceChildren(
        h('p', { class: 'wb-response-status' }, `Status: ${answer.status}`),
        h('h4', {}, 'Headers'),
        h('pre', {}, Object.entries(answer.headers).map(([k, v]) => `${k}: ${String(v)}`).join('\n')),
        h('h4', {}, 'Body'),
        h('pre', {}, answer.body || '(empty)'),
      );
    } catch (error) {
      response.replaceChildren(h('p', { class: 'wb-error' }, `No answer: ${(error as Error).message}`));
    } finally {
      send.removeAttribute('aria-disabled');
    }
  });

  const element = h(
    'section',
    { class: 'wb-section', 'aria-labelledby': `${prefix}-app-h` },
    h('h3', { id: `${prefix}-app-h` }, 'Run your app'),
    h('p', {}, 'Start your app the way a platform would (with PORT set to a free port) and send it requests.'),
    h('div', { class: 'wb-toolbar' }, start, stop),
    state,
    form,
    response,
  );

  return {
    element,
    reset() {
      if (app) void app.stop();
      stopped('Your app is not running.');
    },
  };
}
