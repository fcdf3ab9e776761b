/**
 * The learner apps started with POST /api/apps ("Run app"): each has an id,
 * is stopped after its lifetime, when its stream's client goes away, on
 * DELETE /api/apps/<id>, and on shutdown.
 */
import { randomUUID } from 'node:crypto';
import type { RunningApp } from './runner.ts';

export type StopReason = 'requested' | 'timeout' | 'disconnected' | 'output-limit' | 'shutdown';

export interface AppEntry {
  id: string;
  app: RunningApp;
  /** Why it was stopped, once it was. */
  stopReason: StopReason | null;
}

export class AppRegistry {
  #apps = new Map<string, AppEntry & { timer: NodeJS.Timeout }>();

  /** Registers a started app; it is stopped after `lifetimeMs` and forgotten when it exits. */
  add(app: RunningApp, lifetimeMs: number, onExit: (entry: AppEntry, code: number | null) => void): AppEntry {
    const id = randomUUID();
    const timer = setTimeout(() => void this.stop(id, 'timeout'), lifetimeMs);
    timer.unref();
    const entry = { id, app, stopReason: null, timer };
    this.#apps.set(id, entry);
    app.exited.then(
      (code) => {
        clearTimeout(timer);
        this.#apps.delete(id);
        onExit(entry, code);
      },
      () => {
        clearTimeout(timer);
        this.#apps.delete(id);
        onExit(entry, null);
      },
    );
    return entry;
  }

  get(id: string): AppEntry | undefined {
    return this.#apps.get(id);
  }

  get size(): number {
    return this.#apps.size;
  }

  /** Stops one app; false when there is no such (running) app. */
  async stop(id: string, reason: StopReason): Promise<boolean> {
    const entry = this.#apps.get(id);
    if (!entry) return false;
    entry.stopReason ??= reason;
    await entry.app.stop();
    return true;
  }

  async stopAll(reason: StopReason): Promise<void> {
    await Promise.allSettled([...this.#apps.keys()].map((id) => this.stop(id, reason)));
  }
}
