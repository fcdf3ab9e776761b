/**
 * "Where your code runs": picks a runtime for this browser (the course server
 * or the in-browser WebContainer), prepares it, and shows which one runs the
 * code, why, its status and a switch to the other one. When none can run, it
 * explains why and offers the CLI route instead. The WebContainer runtime is
 * imported only when it is activated: most learners never need it.
 */
import type { ExerciseBundle } from '../runtime/bundle.ts';
import { createLocalRuntime, probeLocal } from '../runtime/local.ts';
import { browserEnvironment, selectRuntime, type Selection } from '../runtime/select.ts';
import type { Runtime, RuntimeKind, RuntimeStatus } from '../runtime/types.ts';
import { cliRoute } from './cli-route.ts';
import { h } from './dom.ts';
import type { WorkbenchConfig } from './workbench.ts';

/** Test hook (Playwright): shorter WebContainer timeouts. Never set by the site itself. */
interface TestHooks {
  webcontainer?: { slowMs?: number; failMs?: number };
}

const LABELS: Record<RuntimeKind, string> = { local: 'the course server', webcontainer: 'the in-browser runtime' };

export interface RuntimePanel {
  readonly element: HTMLElement;
  /** The runtime in use, prepared or not; null when there is none. */
  active(): Runtime | null;
  /** The runtime in use once it is prepared and can run code; null until then. */
  ready(): Runtime | null;
  /** Selects a runtime for this browser and prepares it. */
  choose(): Promise<void>;
}

export interface RuntimePanelOptions {
  /** The workbench root: its data-runtime and data-runtime-state attributes follow the runtime (styles, tests). */
  root: HTMLElement;
  bundle: ExerciseBundle;
  config: WorkbenchConfig;
  /** The runtime in use is about to be replaced: whatever still runs on it must stop. */
  onSwitch(): void;
}

export function createRuntimePanel({ root, bundle, config, onSwitch }: RuntimePanelOptions): RuntimePanel {
  let runtime: Runtime | null = null;
  let selection: Selection | null = null;
  let prepared = false;

  const label = h('strong', {}, 'choosing…');
  const reason = h('span', { class: 'wb-muted' });
  const status = h('p', { class: 'wb-runtime-status', role: 'status' });
  const switchButton = h('button', { type: 'button', class: 'button secondary wb-small', hidden: true });
  switchButton.addEventListener('click', () => {
    const other = runtime?.kind === 'local' ? 'webcontainer' : 'local';
    void activate(other, 'You switched to this runtime.');
  });
  const explain = h('div', { class: 'wb-explain', hidden: true });
  const element = h(
    'section',
    { class: 'wb-runtime', 'aria-label': 'Where your code runs' },
    h('p', {}, 'Your code runs on: ', label),
    h('p', {}, reason),
    status,
    switchButton,
    explain,
  );

  async function choose(): Promise<void> {
    setStatus({ state: 'connecting', message: 'Looking for a place to run your code…' });
    const selected = await selectRuntime(browserEnvironment(config.runtime, () => probeLocal({ apiBase: `${config.base}api/` })));
    selection = selected;
    if (selected.chosen) {
      await activate(selected.chosen, selected.reason);
      return;
    }
    label.textContent = 'nothing yet';
    reason.textContent = '';
    setStatus({ state: 'failed', message: '' });
    showExplanation(selected.reason);
  }

  function setStatus(next: RuntimeStatus): void {
    status.textContent = next.message;
    status.dataset['state'] = next.state;
    root.dataset['runtimeState'] = next.state;
  }

  /** Why the code cannot run here, with a button for each runtime that could still be tried (`failed`: the one that just failed, to try again). */
  function showExplanation(why: string, failed?: RuntimeKind): void {
    const s = selection;
    const retry = failed ? h('button', { type: 'button', class: 'button' }, 'Try again') : null;
    retry?.addEventListener('click', () => void activate(failed!, 'You tried again.'));
    const startWc = s?.webcontainer.available && runtime?.kind !== 'webcontainer' ? h('button', { type: 'button', class: 'button secondary' }, 'Start the in-browser runtime') : null;
    startWc?.addEventListener('click', () => void activate('webcontainer', 'You started the in-browser runtime.'));
    const useLocal = s?.local.available && runtime?.kind !== 'local' ? h('button', { type: 'button', class: 'button secondary' }, 'Use the course server instead') : null;
    useLocal?.addEventListener('click', () => void activate('local', 'You switched to the course server.'));
    explain.replaceChildren(
      h('h3', {}, 'Your code cannot run in this page right now'),
      h('p', {}, why),
      ...(retry || startWc || useLocal ? [h('p', { class: 'wb-toolbar' }, retry, startWc, useLocal)] : []),
      h('p', {}, 'You can still edit your code here, and solve the exercise in your own editor with the course CLI:'),
      cliRoute(bundle.id),
    );
    explain.hidden = false;
  }

  async function activate(kind: RuntimeKind, why: string): Promise<void> {
    const previous = runtime;
    runtime = null;
    prepared = false;
    explain.hidden = true;
    onSwitch();
    await previous?.dispose().catch(() => undefined);
    let next: Runtime;
    if (kind === 'local') {
      next = createLocalRuntime({ exerciseId: bundle.id, apiBase: `${config.base}api/`, ...(selection?.localInfo ? { info: selection.localInfo } : {}) });
    } else {
      const { createWebContainerRuntime } = await import('../runtime/webcontainer.ts');
      const hooks = (globalThis as { __TFC_TEST__?: TestHooks }).__TFC_TEST__?.webcontainer;
      next = createWebContainerRuntime({
        bundle,
        coep: config.coep,
        clientId: config.clientId,
        ...(hooks?.slowMs ? { slowMs: hooks.slowMs } : {}),
        ...(hooks?.failMs ? { failMs: hooks.failMs } : {}),
      });
    }
    runtime = next;
    label.textContent = next.label;
    reason.textContent = why;
    root.dataset['runtime'] = kind;
    const other: RuntimeKind = kind === 'local' ? 'webcontainer' : 'local';
    const canSwitch = selection?.[other].available ?? false;
    switchButton.hidden = !canSwitch;
    switchButton.textContent = `Use ${LABELS[other]} instead`;
    try {
      await next.prepare(setStatus);
      // The learner may have switched again while this one was preparing: then it is no longer ours to show.
      if (runtime !== next) return;
      // Preparing can tell more about the runtime (the course server's Node version): show its label again.
      label.textContent = next.label;
      prepared = true;
    } catch (error) {
      if (runtime !== next) return;
      setStatus({ state: 'failed', message: (error as Error).message });
      showExplanation((error as Error).message, kind);
    }
  }

  return {
    element,
    active: () => runtime,
    ready: () => (prepared ? runtime : null),
    choose,
  };
}
