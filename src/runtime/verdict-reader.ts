/**
 * The runner's side of the authenticated result channel
 * (exercises/_harness/channel.mjs), for every runtime: run.mjs gets a fresh key
 * and prints its results as one signed line, last. Only that line, checked
 * against the key and against how run.mjs ended, becomes a verdict; a
 * results.json that learner code could write is never trusted. Browser-safe:
 * checking a signature is passed in (node:crypto on the server, WebCrypto in the page).
 */
import { RESULTS_PREFIX } from '../../exercises/_harness/channel-format.mjs';
import { errorResults, parseResults, type Results } from '../engine/results.ts';

/** The payload of a line signed with the run's key, or null when the signature or sequence does not hold. */
export type LineVerifier = (line: string) => Promise<string | null>;

export interface VerdictReader {
  /** Takes output as it arrives; returns what to show (the results line is held back). */
  push(text: string): string;
  /** What was held back at the end that was not a results line. */
  flush(): string;
  /** The verdict, given how run.mjs ended; `why` turns a missing result into a message for the learner. */
  verdict(exit: { code: number | null; signal: string | null }, why: (detail: string) => string): Promise<Results>;
}

const EXIT_CODES = { pass: 0, fail: 1, error: 2 } as const;

export const FORGED_RESULTS =
  'A results line that the hidden checks did not write reached the course, so this run cannot be trusted. Your code must not write into the output of the checks.';

export function createVerdictReader(verify: LineVerifier): VerdictReader {
  let held = '';
  const candidates: string[] = [];
  // True after part of a line was shown: the rest of that line is not a line start.
  let midLine = false;

  // A results line starts at a line start with RESULTS_PREFIX; anything else is shown.
  const take = (line: string): string => {
    if (!line.startsWith(RESULTS_PREFIX)) return line;
    candidates.push(line.slice(RESULTS_PREFIX.length).replace(/\r?\n$/, ''));
    return '';
  };

  return {
    push(text) {
      held += text;
      let shown = '';
      let newline: number;
      while ((newline = held.indexOf('\n')) !== -1) {
        const line = held.slice(0, newline + 1);
        shown += midLine ? line : take(line);
        midLine = false;
        held = held.slice(newline + 1);
      }
      // Hold back only what could still become a results line.
      const couldBeResults = !midLine && RESULTS_PREFIX.startsWith(held.slice(0, RESULTS_PREFIX.length));
      if (held && !couldBeResults) {
        shown += held;
        held = '';
        midLine = true;
      }
      return shown;
    },
    flush() {
      const rest = !midLine && held.startsWith(RESULTS_PREFIX) ? take(held) : held;
      held = '';
      return rest;
    },
    async verdict({ code, signal }, why) {
      const payloads = await Promise.all(candidates.map((line) => verify(line)));
      if (payloads.some((p) => p === null) || payloads.length > 1) return errorResults(FORGED_RESULTS);
      if (signal) return errorResults(why(`the hidden checks were stopped by ${signal}`));
      const signed = payloads[0];
      if (signed === undefined || signed === null) return errorResults(why(`the hidden checks ended without a result (exit code ${code})`));
      let results: Results;
      try {
        results = parseResults(JSON.parse(signed));
      } catch {
        return errorResults(why('the hidden checks reported a result in an unexpected format'));
      }
      if (EXIT_CODES[results.status] !== code) {
        return errorResults(why(`the hidden checks reported "${results.status}" but exited with code ${code}`));
      }
      return results;
    },
  };
}
