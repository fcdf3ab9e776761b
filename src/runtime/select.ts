/**
 * Picks the runtime for this page (DESIGN.md, "Runtimes" → Selection). Pure
 * logic over an injected environment, so it is unit-tested without a browser.
 */
import type { ProbeResult, LocalRuntimeInfo } from './local.ts';
import type { RuntimeKind } from './types.ts';

export type RuntimePreference = 'auto' | 'webcontainer' | 'local';

export interface SelectionEnvironment {
  /** The RUNTIME build setting. */
  preference: RuntimePreference;
  probeLocal: () => Promise<ProbeResult>;
  crossOriginIsolated: boolean;
  hasSharedArrayBuffer: boolean;
  userAgent: string;
  platform: string;
  maxTouchPoints: number;
}

export interface RuntimeOption {
  kind: RuntimeKind;
  available: boolean;
  /** Why it is (not) available, in plain words. */
  reason: string;
  /** False on iOS for WebContainer: it may only start when the learner asks. */
  autoStart: boolean;
}

export interface Selection {
  /** The runtime to start now, or null: show the explanation panel. */
  chosen: RuntimeKind | null;
  /** Why this runtime (or none) was chosen, shown to the learner. */
  reason: string;
  local: RuntimeOption;
  webcontainer: RuntimeOption;
  localInfo: LocalRuntimeInfo | undefined;
}

export function isIOS(userAgent: string, platform: string, maxTouchPoints: number): boolean {
  // iPadOS reports itself as a Mac; touch points give it away.
  return /iPad|iPhone|iPod/.test(userAgent) || (platform === 'MacIntel' && maxTouchPoints > 1);
}

export function webContainerOption(env: SelectionEnvironment): RuntimeOption {
  const kind = 'webcontainer' as const;
  if (env.preference === 'local') return { kind, available: false, autoStart: false, reason: 'this course is set up to run code on the course server only (RUNTIME=local)' };
  if (!env.crossOriginIsolated)
    return {
      kind,
      available: false,
      autoStart: false,
      reason: 'this page is not cross-origin isolated (the server does not send the COOP/COEP headers), which the in-browser runtime needs',
    };
  if (!env.hasSharedArrayBuffer) return { kind, available: false, autoStart: false, reason: 'this browser does not support the in-browser runtime (no SharedArrayBuffer)' };
  if (isIOS(env.userAgent, env.platform, env.maxTouchPoints))
    return { kind, available: true, autoStart: false, reason: 'on iPhone and iPad the in-browser runtime can crash the tab, so it only starts when you ask' };
  return { kind, available: true, autoStart: true, reason: 'this browser can run Node in the page (WebContainer)' };
}

export async function selectRuntime(env: SelectionEnvironment): Promise<Selection> {
  const webcontainer = webContainerOption(env);
  let local: RuntimeOption;
  let localInfo: LocalRuntimeInfo | undefined;
  if (env.preference === 'webcontainer') {
    local = { kind: 'local', available: false, autoStart: false, reason: 'this course is set up to run code in the browser only (RUNTIME=webcontainer)' };
  } else {
    const probe = await env.probeLocal();
    local = probe.ok
      ? { kind: 'local', available: true, autoStart: true, reason: 'the course server answered, so your code runs with real Node on this machine' }
      : { kind: 'local', available: false, autoStart: false, reason: probe.reason };
    if (probe.ok) localInfo = probe.info;
  }

  if (local.available) return { chosen: 'local', reason: `Chosen because ${local.reason}, with no start-up wait.`, local, webcontainer, localInfo };
  if (webcontainer.available && webcontainer.autoStart) {
    const why = env.preference === 'webcontainer' ? 'this course is set up to run code in the browser' : `the local runtime is not available (${local.reason})`;
    return { chosen: 'webcontainer', reason: `Chosen because ${why}; your code runs inside this browser tab.`, local, webcontainer, localInfo };
  }
  const parts: string[] = [];
  if (env.preference !== 'webcontainer') parts.push(`The local runtime is not available: ${local.reason}.`);
  if (env.preference !== 'local') parts.push(`The in-browser runtime ${webcontainer.available ? 'is waiting for you' : 'is not available'}: ${webcontainer.reason}.`);
  return { chosen: null, reason: parts.join(' '), local, webcontainer, localInfo };
}

/** Reads the environment from the browser. */
export function browserEnvironment(preference: RuntimePreference, probeLocal: () => Promise<ProbeResult>): SelectionEnvironment {
  const nav = globalThis.navigator as Navigator | undefined;
  return {
    preference,
    probeLocal,
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    hasSharedArrayBuffer: typeof SharedArrayBuffer === 'function',
    userAgent: nav?.userAgent ?? '',
    platform: nav?.platform ?? '',
    maxTouchPoints: nav?.maxTouchPoints ?? 0,
  };
}
