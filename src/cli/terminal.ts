/** Terminal output for the CLI: colour only when stdout is a TTY (and NO_COLOR is unset), plain tables. */
import type { Results } from '../engine/results.ts';
import { groupResults, groupSummary } from '../workbench/groups.ts';

export interface Palette {
  enabled: boolean;
  bold: (s: string) => string;
  dim: (s: string) => string;
  red: (s: string) => string;
  green: (s: string) => string;
  yellow: (s: string) => string;
  cyan: (s: string) => string;
}

export function palette(stream: NodeJS.WriteStream = process.stdout): Palette {
  const enabled = Boolean(stream.isTTY) && !process.env['NO_COLOR'];
  const wrap = (code: string) => (s: string) => (enabled ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { enabled, bold: wrap('1'), dim: wrap('2'), red: wrap('31'), green: wrap('32'), yellow: wrap('33'), cyan: wrap('36') };
}

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const width = (s: string) => [...s.replace(ANSI, '')].length;

/** Left-aligned columns separated by two spaces, with a header row. */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(width(h), ...rows.map((r) => width(r[i] ?? ''))));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c + ' '.repeat((widths[i] ?? 0) - width(c))))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/**
 * For results grouped by factor (a capstone, see src/workbench/groups.ts): one line per
 * group with its mark and how many of its checks pass, under a heading; '' for results
 * without groups, whose progress log already says everything.
 */
export function groupedSummary(results: Results, c: Palette): string {
  const groups = groupResults(results.tests);
  if (!groups) return '';
  const mark = { pass: c.green('✓'), fail: c.red('✗'), error: c.yellow('!') };
  const widest = Math.max(...groups.map((g) => width(g.name)));
  const lines = groups.map((g) => `  ${mark[g.status]} ${g.name}${' '.repeat(widest - width(g.name))}  ${groupSummary(g)}`);
  return [c.bold('By factor:'), ...lines].join('\n');
}

/** Thrown for a usage problem; the CLI prints the message and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Runs a CLI main function: UsageError → message + exit 2; other errors → message
 * + exit 2 for known input problems, else the stack and exit 1.
 */
export async function runCli(main: () => Promise<number>): Promise<void> {
  // `npm run check … | head`: a closed pipe must not crash the CLI mid-run (its clean-up must still happen).
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  try {
    process.exitCode = await main();
  } catch (err) {
    const e = err as Error;
    const known = ['UsageError', 'UnknownExerciseError', 'InvalidPathError', 'LearnerFilesError', 'ExerciseConfigError'];
    if (known.includes(e?.name)) {
      process.stderr.write(`${e.message}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`${e?.stack ?? String(err)}\n`);
      process.exitCode = 1;
    }
  }
}
