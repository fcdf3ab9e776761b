/**
 * What the course server needs from the engine, as a small interface so the
 * HTTP layer can be tested with a fake and the real engine is injected in
 * main.ts (see engine.ts).
 */
import type { Results } from '../engine/results.ts';

export type { Results };

export interface RunOptions {
  exerciseId: string;
  files: Record<string, string>;
  limits: { timeoutMs: number; maxOutputBytes: number };
  onOutput: (chunk: string) => void;
  signal: AbortSignal;
}

export interface RunningApp {
  port: number;
  stop(): Promise<void>;
  /** Exit code, or null when ended by a signal; resolves after clean-up. */
  exited: Promise<number | null>;
  /** True once the app accepts connections on `port`; false if it exits (or gives up) first. */
  ready?: Promise<boolean>;
}

/** The verdict on a job before anything runs: facts about it, or a refusal (HTTP 400 or 404) in learner-facing words. */
export type JobCheck = { ok: true; hasApp: boolean } | { ok: false; status: 400 | 404; message: string };

export interface Runner {
  /** Validates the exercise id and the learner's files (paths, count, size) without running anything. */
  check(exerciseId: string, files: Record<string, string>): Promise<JobCheck>;
  /** Runs the hidden tests; resolves with the results (time/output limits are results), rejects when aborted. */
  runTests(options: RunOptions): Promise<Results>;
  /** Starts the learner's app ("Run app"); rejects when it cannot start. limits.timeoutMs is its lifetime. */
  startApp(options: RunOptions): Promise<RunningApp>;
}
