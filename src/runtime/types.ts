/**
 * The one interface the workbench talks to, whichever runtime runs the
 * learner's code: the course server's local runtime (`local.ts`, real Node
 * child processes) or an in-browser WebContainer (`webcontainer.ts`).
 * Browser-safe: types only.
 */
import type { Results } from '../engine/results.ts';

export type { Results, TestResult } from '../engine/results.ts';

export type RuntimeKind = 'local' | 'webcontainer';

/** The learner's files: validated relative paths inside the learner tree → content. */
export type LearnerFiles = Record<string, string>;

/**
 * What the runtime is doing, for the status line the learner always sees.
 * `slow`: still connecting after ~10 s; `failed`: gave up (message says why).
 */
export type RuntimeState = 'idle' | 'connecting' | 'slow' | 'ready' | 'failed';
export interface RuntimeStatus {
  state: RuntimeState;
  message: string;
}

export type OutputListener = (chunk: string) => void;
export type StatusListener = (status: RuntimeStatus) => void;

/** A request the learner sends to their running app ("Run app"). */
export interface AppRequest {
  method: string;
  /** Path and query, starting with "/". */
  path: string;
  headers?: Record<string, string>;
  body?: string;
}
export interface AppResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A learner app started by "Run app". */
export interface AppHandle {
  request(request: AppRequest): Promise<AppResponse>;
  stop(): Promise<void>;
  /** Resolves with the exit code (null when killed by a signal) once the app has stopped. */
  readonly exited: Promise<number | null>;
}

export interface Runtime {
  readonly kind: RuntimeKind;
  /** Short learner-facing name, e.g. "Local course server (Node v24.3.0)". */
  readonly label: string;
  /** Connects / boots. Idempotent; reports progress through `onStatus`. Rejects with a learner-facing message. */
  prepare(onStatus: StatusListener): Promise<void>;
  /** Runs the hidden tests against `files`, forwarding output as it arrives. Never rejects for failing tests: see Results.status. */
  runTests(files: LearnerFiles, onOutput: OutputListener): Promise<Results>;
  /** Starts the learner's app (exercises with an `app` entry). */
  startApp(files: LearnerFiles, onOutput: OutputListener): Promise<AppHandle>;
  /** Stops whatever runs and releases resources. */
  dispose(): Promise<void>;
}

/** An error whose message is written for the learner (shown as is). */
export class RuntimeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'RuntimeError';
  }
}
