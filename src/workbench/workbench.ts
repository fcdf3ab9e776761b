/**
 * The workbench island: editor, runtime, results, hints, solution, reset and
 * "Run app" for one exercise. Loaded by loader.ts with import() only when the
 * learner starts the exercise (or scrolls to it); see Exercise.astro.
 */
import type { Results } from '../engine/results.ts';
import { parseBundle, type ExerciseBundle } from '../runtime/bundle.ts';
import { createLocalRuntime, probeLocal } from '../runtime/local.ts';
import { browserEnvironment, selectRuntime, type RuntimePreference, type Selection } from '../runtime/select.ts';
import type { AppHandle, Runtime, RuntimeKind, RuntimeStatus } from '../runtime/types.ts';
import { createExerciseStore, type ExerciseStore } from '../progress/store.ts';
import { h } from './dom.ts';
import { renderMarkdown } from './markdown.ts';
import { filesForRun, initialFiles, solutionState } from './model.ts';
import { createOutputPanel, type OutputPanel } from './output.ts';
import { createResultsView, type ResultsView } from './results-view.ts';
import { createFilesView, type FilesView } from './files-view.ts';
import './workbench.css';

export interface WorkbenchConfig {
  exerciseId: string;
  /** The site's base path, ending in "/". */
  base: string;
  runtime: RuntimePreference;
  coep: 'credentialless' | 'require-corp';
  clientId: string | undefined;
}

/** Test hook (Playwright): shorter WebContainer timeouts. Never set by the site itself. */
interface TestHooks {
  webcontainer?: { slowMs?: number; failMs?: number };
}

const LABELS: Record<RuntimeKind, string> = { local: 'the course server', webcontainer: 'the in-browser runtime' };

export async function mountWorkbench(root: HTMLElement, config: WorkbenchConfig): Promise<void> {
  const id = config.exerciseId;
  const prefix = `wb-${id}`;
  const loading = h('p', { class: 'wb-muted', role: 'status' }, 'Loading the exercise…');
  root.replaceChildren(loading);

  let bundle: ExerciseBundle;
  try {
    const response = await fetch(`${config.base}exercises/${id}.json`);
    if (!response.ok) throw new Error(`the exercise data could not be loaded (HTTP ${response.status})`);
    bundle = parseBundle(await response.json());
  } catch (error) {
    loading.textContent = `The exercise could not be loaded: ${(error as Error).message}. Reload the page, or solve it in your own editor:`;
    root.append(cliRoute(id));
    return;
  }

  const store = createExerciseStore(localStorage, id);
  const workbench = new Workbench(root, bundle, store, config, prefix);
  workbench.render();
  void workbench.chooseRuntime();
}

function cliRoute(id: string): HTMLElement {
  return h(
    'div',
    { class: 'wb-cli' },
    h('pre', {}, h('code', {}, `npm run exercise -- start ${id}\nnpm run check -- ${id}`)),
    h('p', { class: 'wb-muted' }, `Run these in a clone of the course repository: "start" copies the starter files to workspace/${id}, "check" runs the hidden tests on them.`),
  );
}

class Workbench {
  private files!: FilesView;
  private results!: ResultsView;
  private output!: OutputPanel;
  private runtime: Runtime | null = null;
  private selection: Selection | null = null;
  private ready = false;
  private running = false;
  private app: AppHandle | null = null;
  private runButton!: HTMLButtonElement;
  private runtimeLabel!: HTMLElement;
  private runtimeReason!: HTMLElement;
  private runtimeStatus!: HTMLElement;
  private switchButton!: HTMLButtonElement;
  private explain!: HTMLElement;
  private notice!: HTMLElement;
  private hintList!: HTMLOListElement;
  private hintButton!: HTMLButtonElement;
  private solutionSection!: HTMLElement;
  private refreshSolution: () => void = () => undefined;
  private resetAppPanel: () => void = () => undefined;

  private readonly root: HTMLElement;
  private readonly bundle: ExerciseBundle;
  private readonly store: ExerciseStore;
  private readonly config: WorkbenchConfig;
  private readonly prefix: string;

  constructor(root: HTMLElement, bundle: ExerciseBundle, store: ExerciseStore, config: WorkbenchConfig, prefix: string) {
    this.root = root;
    this.bundle = bundle;
    this.store = store;
    this.config = config;
    this.prefix = prefix;
  }

  private learnerFiles(): Record<string, string> {
    return this.files.files();
  }

  render(): void {
    const { bundle, prefix } = this;
    const saved = this.store.get();
    const files = initialFiles(bundle, saved?.files);

    // Runtime: which one runs the code, why, its status, and a switch.
    this.runtimeLabel = h('strong', {}, 'choosing…');
    this.runtimeReason = h('span', { class: 'wb-muted' });
    this.runtimeStatus = h('p', { class: 'wb-runtime-status', role: 'status' });
    this.switchButton = h('button', { type: 'button', class: 'button secondary wb-small', hidden: true });
    this.switchButton.addEventListener('click', () => {
      const other = this.runtime?.kind === 'local' ? 'webcontainer' : 'local';
      void this.activate(other, 'You switched to this runtime.');
    });
    this.explain = h('div', { class: 'wb-explain', hidden: true });
    const runtimeBar = h(
      'section',
      { class: 'wb-runtime', 'aria-label': 'Where your code runs' },
      h('p', {}, 'Your code runs on: ', this.runtimeLabel),
      h('p', {}, this.runtimeReason),
      this.runtimeStatus,
      this.switchButton,
      this.explain,
    );

    this.notice = h('p', { class: 'wb-notice', role: 'alert', hidden: !this.store.notice });
    if (this.store.notice) this.notice.textContent = this.store.notice;

    // Editor with one tab per file.
    const save = () => this.store.saveFiles(this.learnerFiles());
    this.files = createFilesView({
      prefix,
      learner: files,
      readonly: bundle.readonly.map((path) => ({ path, content: bundle.starter[path] ?? '' })),
      allowNewFiles: bundle.allowNewFiles,
      callbacks: { onChange: save, onRun: () => void this.runTests() },
      onStructureChange: save,
    });
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

    // Toolbar.
    this.runButton = h('button', { type: 'button', class: 'button', 'aria-keyshortcuts': 'Control+Enter Meta+Enter', 'aria-describedby': `${prefix}-keys` }, 'Run tests');
    this.runButton.addEventListener('click', () => void this.runTests());
    const resetButton = h('button', { type: 'button', class: 'button secondary' }, 'Reset exercise…');
    const toolbar = h('div', { class: 'wb-toolbar' }, this.runButton, resetButton);

    this.results = createResultsView(prefix);
    this.output = createOutputPanel(document, prefix);

    // Hints, one at a time.
    this.hintList = h('ol', { class: 'wb-hints', 'aria-live': 'polite' });
    this.hintButton = h('button', { type: 'button', class: 'button secondary' });
    this.hintButton.addEventListener('click', () => this.revealHint());
    const hintSection = h('section', { class: 'wb-section', 'aria-labelledby': `${prefix}-hints-h` }, h('h3', { id: `${prefix}-hints-h` }, 'Hints'), this.hintList, this.hintButton);
    this.showHints(saved?.hintsRevealed ?? 0);

    this.solutionSection = this.buildSolution();
    const appSection = bundle.app ? this.buildApp() : null;
    const dialog = this.buildResetDialog(resetButton);

    this.root.replaceChildren(
      runtimeBar,
      this.notice,
      this.files.element,
      keys,
      toolbar,
      this.results.element,
      this.output.element,
      hintSection,
      this.solutionSection,
      ...(appSection ? [appSection] : []),
      dialog,
    );
    this.root.dataset['state'] = 'mounted';
    if (saved?.passed) this.results.status('You passed this exercise before. Run the tests again to check your current code.');

    // Ctrl/Cmd+Enter anywhere in the workbench (the editor handles it itself).
    this.root.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented && !(event.target as Element).closest('dialog, form')) {
        event.preventDefault();
        void this.runTests();
      }
    });
    const flush = () => this.store.flush();
    addEventListener('pagehide', flush);
    document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());
  }

  // ---- runtime ----------------------------------------------------------------------------

  async chooseRuntime(): Promise<void> {
    this.setStatus({ state: 'connecting', message: 'Looking for a place to run your code…' });
    const selection = await selectRuntime(browserEnvironment(this.config.runtime, () => probeLocal({ apiBase: `${this.config.base}api/` })));
    this.selection = selection;
    if (selection.chosen) {
      await this.activate(selection.chosen, selection.reason);
      return;
    }
    this.runtimeLabel.textContent = 'nothing yet';
    this.runtimeReason.textContent = '';
    this.setStatus({ state: 'failed', message: '' });
    this.showExplanation(selection.reason);
  }

  private setStatus(status: RuntimeStatus): void {
    this.runtimeStatus.textContent = status.message;
    this.runtimeStatus.dataset['state'] = status.state;
    this.root.dataset['runtimeState'] = status.state;
  }

  private showExplanation(reason: string): void {
    const s = this.selection;
    const startWc = s?.webcontainer.available && this.runtime?.kind !== 'webcontainer' ? h('button', { type: 'button', class: 'button secondary' }, 'Start the in-browser runtime') : null;
    startWc?.addEventListener('click', () => void this.activate('webcontainer', 'You started the in-browser runtime.'));
    const useLocal = s?.local.available && this.runtime?.kind !== 'local' ? h('button', { type: 'button', class: 'button secondary' }, 'Use the course server instead') : null;
    useLocal?.addEventListener('click', () => void this.activate('local', 'You switched to the course server.'));
    this.explain.replaceChildren(
      h('h3', {}, 'Your code cannot run in this page right now'),
      h('p', {}, reason),
      ...(startWc || useLocal ? [h('p', { class: 'wb-toolbar' }, startWc, useLocal)] : []),
      h('p', {}, 'You can still edit your code here, and solve the exercise in your own editor with the course CLI:'),
      cliRoute(this.bundle.id),
    );
    this.explain.hidden = false;
  }

  private async activate(kind: RuntimeKind, reason: string): Promise<void> {
    const previous = this.runtime;
    this.runtime = null;
    this.ready = false;
    this.explain.hidden = true;
    this.resetAppPanel();
    await previous?.dispose().catch(() => undefined);
    let runtime: Runtime;
    if (kind === 'local') {
      runtime = createLocalRuntime({ exerciseId: this.bundle.id, apiBase: `${this.config.base}api/`, ...(this.selection?.localInfo ? { info: this.selection.localInfo } : {}) });
    } else {
      const { createWebContainerRuntime } = await import('../runtime/webcontainer.ts');
      const hooks = (globalThis as { __TFC_TEST__?: TestHooks }).__TFC_TEST__?.webcontainer;
      runtime = createWebContainerRuntime({
        bundle: this.bundle,
        coep: this.config.coep,
        clientId: this.config.clientId,
        ...(hooks?.slowMs ? { slowMs: hooks.slowMs } : {}),
        ...(hooks?.failMs ? { failMs: hooks.failMs } : {}),
      });
    }
    this.runtime = runtime;
    this.runtimeLabel.textContent = runtime.label;
    this.runtimeReason.textContent = reason;
    this.root.dataset['runtime'] = kind;
    const other: RuntimeKind = kind === 'local' ? 'webcontainer' : 'local';
    const canSwitch = this.selection?.[other].available ?? false;
    this.switchButton.hidden = !canSwitch;
    this.switchButton.textContent = `Use ${LABELS[other]} instead`;
    try {
      await runtime.prepare((status) => this.setStatus(status));
      if (this.runtime !== runtime) return;
      this.runtimeLabel.textContent = runtime.label;
      this.ready = true;
    } catch (error) {
      if (this.runtime !== runtime) return;
      this.setStatus({ state: 'failed', message: (error as Error).message });
      this.showExplanation((error as Error).message);
    }
  }

  // ---- tests ------------------------------------------------------------------------------

  private async runTests(): Promise<void> {
    if (this.running) return;
    if (!this.runtime || !this.ready) {
      this.results.status(
        this.runtime ? 'The runtime is not ready yet: see its status above.' : 'Your code cannot run in this page: see above for why, and for the command-line route.',
        'error',
      );
      return;
    }
    this.running = true;
    this.runButton.setAttribute('aria-disabled', 'true');
    this.runButton.textContent = 'Running tests…';
    this.root.dataset['running'] = 'true';
    this.results.status('Running the tests…');
    this.output.write(`\r\n\u001b[1m▶ Running the tests (${this.runtime.label})\u001b[0m\r\n`);
    const learner = this.learnerFiles();
    this.store.saveFiles(learner);
    this.store.flush();
    let results: Results | null = null;
    try {
      results = await this.runtime.runTests(filesForRun(this.bundle, learner), (chunk) => this.output.write(chunk));
    } catch (error) {
      this.results.status(`The tests could not run: ${(error as Error).message}`, 'error');
    } finally {
      this.running = false;
      this.runButton.removeAttribute('aria-disabled');
      this.runButton.textContent = 'Run tests';
      delete this.root.dataset['running'];
    }
    if (!results) return;
    const passed = results.status === 'pass';
    const error = this.store.update((entry) => {
      entry.attempts += 1;
      entry.files = learner;
      if (passed) entry.passed = true;
    });
    this.results.show(results);
    if (error) this.showNotice(error);
    this.refreshSolution();
  }

  private showNotice(text: string): void {
    this.notice.textContent = text;
    this.notice.hidden = false;
  }

  // ---- hints ------------------------------------------------------------------------------

  private showHints(count: number): void {
    const hints = this.bundle.hints;
    const shown = Math.min(count, hints.length);
    while (this.hintList.children.length > shown) this.hintList.lastElementChild?.remove();
    for (let i = this.hintList.children.length; i < shown; i++) {
      const item = h('li', { class: 'wb-hint' });
      renderMarkdown(item, hints[i] ?? '');
      this.hintList.append(item);
    }
    if (hints.length === 0) {
      this.hintButton.hidden = true;
    } else if (shown >= hints.length) {
      this.hintButton.textContent = `All ${hints.length} hints shown`;
      this.hintButton.setAttribute('aria-disabled', 'true');
    } else {
      this.hintButton.textContent = shown === 0 ? `Show a hint (1 of ${hints.length})` : `Show the next hint (${shown + 1} of ${hints.length})`;
      this.hintButton.removeAttribute('aria-disabled');
    }
  }

  private revealHint(): void {
    const shown = this.hintList.children.length;
    if (shown >= this.bundle.hints.length) return;
    this.showHints(shown + 1);
    this.store.update((entry) => {
      entry.hintsRevealed = Math.max(entry.hintsRevealed, shown + 1);
    });
  }

  // ---- solution ---------------------------------------------------------------------------

  private buildSolution(): HTMLElement {
    const { bundle, prefix } = this;
    const text = h('p', { class: 'wb-muted' });
    const button = h('button', { type: 'button', class: 'button secondary', 'aria-expanded': 'false', 'aria-controls': `${prefix}-diff` }, 'Compare your code with the solution');
    const files = Object.keys(bundle.solution ?? {}).filter((p) => !bundle.readonly.includes(p) && p !== 'README.md');
    const select = h('select', { id: `${prefix}-diff-file` }, ...files.map((p) => h('option', { value: p }, p)));
    const picker = h('p', { hidden: files.length < 2 }, h('label', { for: `${prefix}-diff-file` }, 'File '), select);
    const diff = h('div', { class: 'wb-diff', id: `${prefix}-diff`, hidden: true });
    const section = h('section', { class: 'wb-section', 'aria-labelledby': `${prefix}-solution-h` }, h('h3', { id: `${prefix}-solution-h` }, 'Reference solution'), text, button, picker, diff);
    let view: { destroy(): void } | null = null;

    const draw = async () => {
      const path = select.value || files[0];
      if (!path) return;
      const { showSolutionDiff } = await import('./solution.ts');
      view?.destroy();
      const mine = this.files.files()[path];
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

    this.refreshSolution = () => {
      const state = solutionState(bundle, this.store.get()?.attempts ?? 0);
      section.dataset['solution'] = state;
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
    this.refreshSolution();
    return section;
  }

  // ---- reset ------------------------------------------------------------------------------

  private buildResetDialog(opener: HTMLButtonElement): HTMLDialogElement {
    const { prefix } = this;
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
      dialog.returnValue = '';
      dialog.showModal();
    });
    dialog.addEventListener('close', () => {
      if (dialog.returnValue === 'reset') this.reset();
      opener.focus();
    });
    return dialog;
  }

  private reset(): void {
    const error = this.store.reset();
    this.files.reset(Object.fromEntries(this.bundle.editable.map((path) => [path, this.bundle.starter[path] ?? ''])));
    this.showHints(0);
    this.results.clear();
    this.results.status('The exercise was reset to the starter code.');
    this.output.clear();
    this.refreshSolution();
    if (error) this.showNotice(error);
  }

  // ---- run app ----------------------------------------------------------------------------

  private buildApp(): HTMLElement {
    const { prefix } = this;
    const start = h('button', { type: 'button', class: 'button secondary' }, 'Start app');
    const stop = h('button', { type: 'button', class: 'button secondary', hidden: true }, 'Stop app');
    const state = h('p', { class: 'wb-muted', role: 'status' }, 'Your app is not running.');
    const method = h('select', { id: `${prefix}-method`, name: 'method' }, ...['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD'].map((m) => h('option', { value: m }, m)));
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
      this.app = null;
      start.hidden = false;
      stop.hidden = true;
      form.hidden = true;
      state.textContent = text;
    };
    this.resetAppPanel = () => {
      const app = this.app;
      if (app) void app.stop();
      stopped('Your app is not running.');
    };
    start.addEventListener('click', async () => {
      if (!this.runtime || !this.ready) {
        state.textContent = 'No runtime is ready to start your app: see above.';
        return;
      }
      start.hidden = true;
      state.textContent = 'Starting your app…';
      this.output.write(`\r\n\u001b[1m▶ Starting your app (${this.runtime.label})\u001b[0m\r\n`);
      try {
        const app = await this.runtime.startApp(filesForRun(this.bundle, this.learnerFiles()), (chunk) => this.output.write(chunk));
        this.app = app;
        stop.hidden = false;
        form.hidden = false;
        state.textContent = 'Your app is running. Send it a request below; what it prints appears under Output.';
        void app.exited.then((code) => {
          if (this.app === app) stopped(`Your app stopped${code === null ? '' : ` (exit code ${code})`}. What it printed is under Output.`);
        });
      } catch (error) {
        stopped(`Your app could not start: ${(error as Error).message}`);
      }
    });
    stop.addEventListener('click', async () => {
      const app = this.app;
      state.textContent = 'Stopping your app…';
      this.app = null;
      await app?.stop();
      stopped('Your app was stopped.');
      start.focus();
    });
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      if (!this.app) return;
      send.setAttribute('aria-disabled', 'true');
      response.replaceChildren(h('p', {}, 'Waiting for the answer…'));
      try {
        const hasBody = body.value !== '' && !['GET', 'HEAD'].includes(method.value);
        const answer = await this.app.request({ method: method.value, path: path.value.startsWith('/') ? path.value : `/${path.value}`, ...(hasBody ? { body: body.value } : {}) });
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
    return h(
      'section',
      { class: 'wb-section', 'aria-labelledby': `${prefix}-app-h` },
      h('h3', { id: `${prefix}-app-h` }, 'Run your app'),
      h('p', {}, 'Start your app the way a platform would (with PORT set to a free port) and send it requests.'),
      h('div', { class: 'wb-toolbar' }, start, stop),
      state,
      form,
      response,
    );
  }
}
