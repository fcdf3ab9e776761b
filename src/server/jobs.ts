/** What runs and apps share: reading a job from the request, and forwarding its output under the cap. */
import type { IncomingMessage } from 'node:http';
import { z } from 'zod';
import type { ApiContext } from './api.ts';
import { HttpError, readJsonBody } from './limits.ts';
import type { Runner } from './runner.ts';

const jobBody = z.object({
  exercise: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, { error: 'must be an exercise id such as "07-port-binding"' }),
  files: z.record(z.string(), z.string({ error: 'each file content must be a string' })),
});

export function problem(error: z.ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'The request body is invalid.';
  const where = issue.path.length > 0 ? issue.path.join('.') : 'body';
  return `${where}: ${issue.message}`;
}

export async function readJob(req: IncomingMessage, ctx: ApiContext, runner: Runner): Promise<{ exercise: string; files: Record<string, string>; hasApp: boolean }> {
  const parsed = jobBody.safeParse(await readJsonBody(req, ctx.config.limits.maxBodyBytes));
  if (!parsed.success) throw new HttpError(400, problem(parsed.error));
  const { exercise, files } = parsed.data;
  const verdict = await runner.check(exercise, files);
  if (!verdict.ok) throw new HttpError(verdict.status, verdict.message);
  return { exercise, files, hasApp: verdict.hasApp };
}

/** Output forwarding with a server-side cap, in case the engine's own cap fails. */
export function outputForwarder(ctx: ApiContext, write: (event: Record<string, unknown>) => void, onOverflow: () => void): (chunk: string) => void {
  const cap = ctx.config.limits.maxOutputBytes;
  let sent = 0;
  let over = false;
  return (chunk) => {
    if (over) return;
    sent += Buffer.byteLength(chunk);
    if (sent > cap) {
      over = true;
      write({ type: 'output', data: `\n[course server] output stopped: more than ${cap} bytes (RUNNER_MAX_OUTPUT_BYTES).\n` });
      onOverflow();
      return;
    }
    write({ type: 'output', data: chunk });
  };
}
