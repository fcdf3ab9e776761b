/**
 * The workbench island: editor, runtime, results, hints, solution, reset and
 * "Run app" for one exercise. Loaded by loader.ts with import() only when the
 * learner starts the exercise (or scrolls to it); see Exercise.astro.
 *
 * This module loads the exercise, lays out the panels (each in its own
 * module) and wires them together: running the tests and resetting the
 * exercise touch several panels at once, so they live here.
 */
import type { Results } from '../engine/results.ts';
import { parseBundle, type ExerciseBundle } from '../runtime/bundle.ts';
import type { RuntimePreference } from '../runtime/select.ts';
import { createExerciseStore, type ExerciseStore } from '../progress/store.ts';
import { createAppPanel } from './app-panel.ts';
import { cliRoute } from './cli-route.ts';
import { h } from './dom.ts';
import { createFilesView } from './files-view.ts';
import { createHintsPanel } from './hints-panel.ts';
import { filesForRun, initialFiles } from './model.ts';
import { createOutputPanel } from './output.ts';
import { createResetDialog } from './reset-dialog.ts';
import { createResultsView } from './results-view.ts';
import { createRuntimePanel, type RuntimePanel } from './runtime-panel.ts';
import { createSolutionPanel } from './solution-panel.ts';
import { createToolbar } from './toolbar.ts';
import './workbench.css';

export interface WorkbenchConfig {
  exerciseId: string;
  /** The site's base path, ending in "/". */
  base: string;
  runtime: RuntimePreference;
  coep: 'credentialless' | 'require-corp';
  clientId: string | undefined;
}

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
  const runtimePanel = renderWorkbench(root, bundle, store, config, prefix);
  void runtimePanel.choose();
}

/** Builds the workbench in `root` and wires its panels; returns the runtime panel, which still has to choose a runtime. */
function renderWorkbench(root: HTMLElement, bundle: ExerciseBundle, store: ExerciseStore, config: WorkbenchConfig, prefix: string): RuntimePanel {
  const saved = store.get();

  // Switching runtimes stops the learner's app (`app` is created below; a switch only happens once the workbench is on screen).
  const runtimePanel = createRuntimePanel({ root, bundle, config, onSwitch: () => app?.reset() });

  const notice = h('p', { class: 'wb-notice', role: 'alert', hidden: !store.notice });
  if (store.notice) notice.textContent = store.notice;
  const showNotice = (text: string) => {
    notice.textContent = text;
    notice.hidden = false;
  };

  // Editor with one tab per file; every edit, and every file added, renamed or deleted, is saved.
  const save = () => store.saveFiles(learnerFiles());
  const files = createFilesView({
    prefix,
    learner: initialFiles(bundle, saved?.files),
    readonly: bundle.readonly.map((path) => ({ path, content: bundle.starter[path] ?? '' })),
    allowNewFiles: bundle.allowNewFiles,
    callbacks: { onChange: save, onRun: () => void runTests() },
    onStructureChange: save,
  });
  const learnerFiles = () => files.files();

  const toolbar = createToolbar(prefix, () => void runTests());
  const results = createResultsView(prefix);
  const output = createOutputPanel(document, prefix);
  const hints = createHintsPanel({ prefix, hints: bundle.hints, store, revealed: saved?.hintsRevealed ?? 0 });
  const solution = createSolutionPanel({ prefix, bundle, store, learnerFiles });
  const app = bundle.app ? createAppPanel({ prefix, runtime: () => runtimePanel.ready(), files: () => filesForRun(bundle, learnerFiles()), output }) : null;
  const dialog = createResetDialog(prefix, toolbar.resetButton, reset);

  root.replaceChildren(
    runtimePanel.element,
    notice,
    files.element,
    toolbar.keys,
    toolbar.element,
    results.element,
    output.element,
    hints.element,
    solution.element,
    ...(app ? [app.element] : []),
    dialog,
  );
  root.dataset['state'] = 'mounted';
  if (saved?.passed) results.status('You passed this exercise before. Run the tests again to check your current code.');

  // Ctrl/Cmd+Enter anywhere in the workbench (the editor handles it itself; in a dialog or a form, Enter is theirs).
  root.addEventListener('keydown', (event) => {
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.defaultPrevented && !(event.target as Element).closest('dialog, form')) {
      event.preventDefault();
      void runTests();
    }
  });
  const flush = () => store.flush();
  addEventListener('pagehide', flush);
  document.addEventListener('visibilitychange', () => document.visibilityState === 'hidden' && flush());

  // One run at a time: a second request while the tests run is ignored.
  let running = false;
  async function runTests(): Promise<void> {
    if (running) return;
    const runtime = runtimePanel.ready();
    if (!runtime) {
      results.status(
        runtimePanel.active() ? 'The runtime is not ready yet: see its status above.' : 'Your code cannot run in this page: see above for why, and for the command-line route.',
        'error',
      );
      return;
    }
    running = true;
    toolbar.running(true);
    root.dataset['running'] = 'true';
    results.status('Running the tests…');
    output.write(`\r\n\u001b[1m▶ Running the tests (${runtime.label})\u001b[0m\r\n`);
    // Saved now rather than after the save delay: a run can take seconds, and the page may be closed meanwhile.
    const learner = learnerFiles();
    store.saveFiles(learner);
    store.flush();
    let outcome: Results | null = null;
    try {
      outcome = await runtime.runTests(filesForRun(bundle, learner), (chunk) => output.write(chunk));
    } catch (error) {
      results.status(`The tests could not run: ${(error as Error).message}`, 'error');
    } finally {
      running = false;
      toolbar.running(false);
      delete root.dataset['running'];
    }
    if (!outcome) return;
    const passed = outcome.status === 'pass';
    const error = store.update((entry) => {
      entry.attempts += 1;
      entry.files = learner;
      if (passed) entry.passed = true;
    });
    results.show(outcome);
    if (error) showNotice(error);
    // A first attempt can unlock the solution (policy "after-attempt").
    solution.refresh();
  }

  function reset(): void {
    const error = store.reset();
    files.reset(Object.fromEntries(bundle.editable.map((path) => [path, bundle.starter[path] ?? ''])));
    hints.reset();
    results.clear();
    results.status('The exercise was reset to the starter code.');
    output.clear();
    solution.refresh();
    if (error) showNotice(error);
  }

  return runtimePanel;
}
