import { describe, expect, it } from 'vitest';
import { isIOS, selectRuntime, type SelectionEnvironment } from '../../../src/runtime/select.ts';

const info = { runtime: 'local' as const, token: 't', node: 'v24.0.0', limits: { timeoutMs: 1, maxOutputBytes: 1, maxBodyBytes: 1, maxConcurrent: 1 } };
const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/140.0 Safari/537.36';

function env(overrides: Partial<SelectionEnvironment> & { local?: boolean }): SelectionEnvironment {
  const { local = true, ...rest } = overrides;
  return {
    preference: 'auto',
    probeLocal: async () => (local ? { ok: true, info } : { ok: false, reason: 'GET /api/runtime answered 404' }),
    crossOriginIsolated: true,
    hasSharedArrayBuffer: true,
    userAgent: chrome,
    platform: 'Linux x86_64',
    maxTouchPoints: 0,
    ...rest,
  };
}

describe('selectRuntime (auto)', () => {
  it('prefers the local runtime when the course server answers, and offers WebContainer as a switch', async () => {
    const s = await selectRuntime(env({}));
    expect(s.chosen).toBe('local');
    expect(s.reason).toMatch(/^Chosen because the course server answered/);
    expect(s.webcontainer.available).toBe(true);
    expect(s.localInfo?.token).toBe('t');
  });
  it('falls back to WebContainer when the page is isolated and there is no local runtime', async () => {
    const s = await selectRuntime(env({ local: false }));
    expect(s.chosen).toBe('webcontainer');
    expect(s.reason).toMatch(/404/);
    expect(s.local.available).toBe(false);
  });
  it('chooses nothing and explains both reasons on a static host without isolation', async () => {
    const s = await selectRuntime(env({ local: false, crossOriginIsolated: false }));
    expect(s.chosen).toBeNull();
    expect(s.reason).toMatch(/local runtime is not available.*404/);
    expect(s.reason).toMatch(/not cross-origin isolated/);
  });
  it('explains a browser without SharedArrayBuffer', async () => {
    const s = await selectRuntime(env({ local: false, hasSharedArrayBuffer: false }));
    expect(s.chosen).toBeNull();
    expect(s.webcontainer.reason).toMatch(/SharedArrayBuffer/);
  });
  it('never auto-boots WebContainer on iOS, but keeps it available on request', async () => {
    const s = await selectRuntime(env({ local: false, userAgent: 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)' }));
    expect(s.chosen).toBeNull();
    expect(s.webcontainer).toMatchObject({ available: true, autoStart: false });
    expect(s.reason).toMatch(/iPhone and iPad/);
  });
});

describe('selectRuntime (configured)', () => {
  it('RUNTIME=local never offers WebContainer', async () => {
    const s = await selectRuntime(env({ preference: 'local' }));
    expect(s.chosen).toBe('local');
    expect(s.webcontainer.available).toBe(false);
    const none = await selectRuntime(env({ preference: 'local', local: false }));
    expect(none.chosen).toBeNull();
    expect(none.reason).not.toMatch(/in-browser/);
  });
  it('RUNTIME=webcontainer does not ask the course server', async () => {
    let asked = false;
    const s = await selectRuntime(env({ preference: 'webcontainer', probeLocal: async () => ((asked = true), { ok: true, info }) }));
    expect(asked).toBe(false);
    expect(s.chosen).toBe('webcontainer');
    expect(s.reason).toMatch(/set up to run code in the browser/);
  });
});

describe('isIOS', () => {
  it('recognises iPhone, and iPadOS posing as a Mac', () => {
    expect(isIOS('Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X)', 'iPhone', 5)).toBe(true);
    expect(isIOS('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 'MacIntel', 5)).toBe(true);
    expect(isIOS('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7)', 'MacIntel', 0)).toBe(false);
    expect(isIOS(chrome, 'Linux x86_64', 0)).toBe(false);
  });
});
