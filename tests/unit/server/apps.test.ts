/** The registry of running learner apps: lifetime and stop reasons. */
import { describe, expect, it } from 'vitest';
import { AppRegistry, type AppEntry } from '../../../src/server/apps.ts';
import type { RunningApp } from '../../../src/server/runner.ts';

function fakeApp(): RunningApp & { stops: number } {
  let resolveExit!: (code: number | null) => void;
  const app = {
    port: 1,
    stops: 0,
    exited: new Promise<number | null>((resolve) => (resolveExit = resolve)),
    stop: async () => {
      app.stops += 1;
      resolveExit(null);
    },
  };
  return app;
}

describe('AppRegistry', () => {
  it('stops an app at the end of its lifetime, with reason "timeout"', async () => {
    const registry = new AppRegistry();
    const app = fakeApp();
    const exits: Array<[AppEntry, number | null]> = [];
    const entry = registry.add(app, 30, (e, code) => exits.push([e, code]));
    expect(registry.get(entry.id)).toBe(entry);
    await expect.poll(() => exits.length).toBe(1);
    expect(exits[0]![0].stopReason).toBe('timeout');
    expect(registry.get(entry.id)).toBeUndefined();
    expect(registry.size).toBe(0);
  });

  it('keeps the first stop reason, and forgets apps that exit on their own', async () => {
    const registry = new AppRegistry();
    const a = fakeApp();
    const entry = registry.add(a, 60_000, () => {});
    expect(await registry.stop(entry.id, 'requested')).toBe(true);
    await a.exited;
    await registry.stop(entry.id, 'shutdown');
    expect(entry.stopReason).toBe('requested');
    expect(await registry.stop('nope', 'requested')).toBe(false);
  });

  it('stopAll stops every app', async () => {
    const registry = new AppRegistry();
    const apps = [fakeApp(), fakeApp(), fakeApp()];
    const entries = apps.map((app) => registry.add(app, 60_000, () => {}));
    await registry.stopAll('shutdown');
    expect(apps.map((a) => a.stops)).toEqual([1, 1, 1]);
    expect(entries.map((e) => e.stopReason)).toEqual(['shutdown', 'shutdown', 'shutdown']);
    await expect.poll(() => registry.size).toBe(0);
  });
});
