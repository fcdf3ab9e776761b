/**
 * The runner's side of the authenticated result channel (exercises/_harness/channel.mjs):
 * run.mjs gets a fresh key on stdin and prints its results as one signed line,
 * last. Only that line, checked against the key and against how run.mjs ended,
 * becomes a verdict; results.json in the run folder is never trusted, because
 * learner code can write there.
 */
import { KEY_FLAG, RESULTS_PREFIX, createVerifier, newKey } from '../../exercises/_harness/channel.mjs';
import { errorResults, parseResults, type Results } from './results.ts';

export { KEY_FLAG, newKey };

export interface VerdictReader {
  /** Takes output as it arrives; returns what to show (the results line is held back). */
  push(text: string): string;
  /** What was held back at the end that was not a results line. */
  flush(): string;
  /** The verdict, given how run.mjs ended; `why` explains a missing result to the learner. */
  verdict(exit: { code: number | null; signal: NodeJS.Signals | null }, why: (detail: string) => string): Results;
}

const EXIT_CODES = { pass: 0, fail: 1, error: 2 } as const;

export function createVerdictReader(key: string): VerdictReader {
  const verify = createVerifier(key);
  let held = '';
  let signed: string | null = null;
  let forged = false;
  // True after part of a line was shown: the rest of that line is not a line start.
  let midLine = false;

  // A results line starts at a line start with RESULTS_PREFIX; anything else is shown.
  const take = (line: string): string => {
    if (!line.startsWith(RESULTS_PREFIX)) return line;
    const payload = verify(line.slice(RESULTS_PREFIX.length).replace(/\r?\n$/, ''));
    if (payload === null || signed !== null) forged = true;
    else signed = payload;
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
      const rest = held.startsWith(RESULTS_PREFIX) ? take(held) : held;
      held = '';
      return rest;
    },
    verdict({ code, signal }, why) {
      if (forged) {
        return errorResults(
          'A results line that the hidden checks did not write reached the course, so this run cannot be trusted. ' +
            'Your code must not write into the output of the checks.',
        );
      }
      if (signal) return errorResults(why(`the hidden checks were stopped by ${signal}`));
      if (signed === null) return errorResults(why(`the hidden checks ended without a result (exit code ${code})`));
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
