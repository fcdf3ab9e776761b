/** POST /api/runs: run the hidden tests, streaming NDJSON (output…, then exactly one result). */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { errorResults } from '../engine/results.ts';
import type { ApiContext } from './api.ts';
import { startNdjson } from './http-util.ts';
import { outputForwarder, readJob } from './jobs.ts';
import { HttpError } from './limits.ts';
import type { Results, Runner } from './runner.ts';

/** Why the server stops a run, and what the learner is told. */
const STOPPED = {
  'output-limit': 'The run printed more output than the course server accepts (RUNNER_MAX_OUTPUT_BYTES) and was stopped. Something probably prints in a loop.',
  'time-limit': 'The run took too long (RUNNER_TIMEOUT_MS) and was stopped. Look for something in your code that never finishes.',
  shutdown: 'The course server is shutting down; the run was stopped. Run the checks again once it is back.',
  disconnected: 'The run was cancelled.',
} as const;
type StopCause = keyof typeof STOPPED;

function stopWith(controller: AbortController, cause: StopCause): void {
  controller.abort(cause);
}

function stoppedMessage(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return typeof reason === 'string' && reason in STOPPED ? STOPPED[reason as StopCause] : STOPPED.disconnected;
}

export async function postRun(req: IncomingMessage, res: ServerResponse, ctx: ApiContext, runner: Runner): Promise<void> {
  const job = await readJob(req, ctx, runner);
  const release = ctx.runSlots.tryAcquire();
  if (!release) {
    throw new HttpError(429, `${ctx.runSlots.max} runs are already in progress (RUNNER_MAX_CONCURRENT); try again when one finishes.`, { 'Retry-After': '1' });
  }
  const started = Date.now();
  const controller = new AbortController();
  const write = startNdjson(res);
  res.on('close', () => {
    if (!res.writableFinished) stopWith(controller, 'disconnected');
  });
  const limits = { timeoutMs: ctx.config.limits.timeoutMs, maxOutputBytes: ctx.config.limits.maxOutputBytes };
  // A backstop in case the engine does not enforce its own timeout.
  const backstop = setTimeout(() => stopWith(controller, 'time-limit'), limits.timeoutMs + 10_000);
  const onOutput = outputForwarder(ctx, write, () => stopWith(controller, 'output-limit'));
  ctx.log.info('run-start', { exercise: job.exercise, files: Object.keys(job.files).length });

  const done = (async () => {
    let results: Results;
    try {
      results = await runner.runTests({ exerciseId: job.exercise, files: job.files, limits, onOutput, signal: controller.signal });
    } catch (error) {
      if (controller.signal.aborted) {
        results = errorResults(stoppedMessage(controller.signal));
      } else {
        ctx.log.error('run-failed', { exercise: job.exercise, error });
        results = errorResults(`The course server could not run the tests: ${error instanceof Error ? error.message : String(error)}`);
      }
    } finally {
      clearTimeout(backstop);
      release();
    }
    write({ type: 'result', results });
    res.end();
    ctx.log.info('run-end', { exercise: job.exercise, status: results.status, ms: Date.now() - started, aborted: controller.signal.aborted });
  })();
  ctx.track({ abort: () => stopWith(controller, 'shutdown'), done });
  await done;
}
