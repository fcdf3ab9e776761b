/**
 * `npm test`: every check the project has, in the order that fails fastest.
 * Lint and types, unit and integration tests (vitest), the exercise
 * verification (starter fails, solution and right variants pass, wrong
 * variants fail), then the site build and the end-to-end tests in Chromium.
 */
import { existsSync } from 'node:fs';
import { ensureInstalled } from './lib/ensure-install.ts';
import { assertNodeVersion } from './lib/node-version.ts';
import { npm, npx, runCommand } from './lib/run-command.ts';
import { findChromium } from '../tests/e2e/support/browser.ts';

assertNodeVersion();
await ensureInstalled();

interface Step {
  name: string;
  command: string;
  args: string[];
  /** Skip this step when an earlier one it depends on failed. */
  needs?: string;
}

const steps: Step[] = [
  { name: 'lint', command: npx, args: ['eslint', '.'] },
  { name: 'types', command: npm, args: ['run', '--silent', 'typecheck'] },
  { name: 'unit', command: npx, args: ['vitest', 'run'] },
  { name: 'verify', command: npm, args: ['run', '--silent', 'verify'] },
  { name: 'build', command: npm, args: ['run', '--silent', 'build'] },
  { name: 'e2e', command: npx, args: ['playwright', 'test'], needs: 'build' },
];

const only = process.argv.slice(2);
const selected = only.length > 0 ? steps.filter((s) => only.includes(s.name)) : steps;

const browser = findChromium();
if (selected.some((s) => s.name === 'e2e')) {
  console.log(browser ? `Browser for end-to-end tests: ${browser}` : "Browser for end-to-end tests: Playwright's own Chromium");
  if (!browser && !existsSync(`${process.env['HOME']}/.cache/ms-playwright`)) {
    console.error(
      'No Chromium found. Install one: `sudo apt-get install chromium` (Debian/Ubuntu), or `npx playwright install chromium`, or set CHROMIUM_PATH.',
    );
  }
}

const results = new Map<string, 'passed' | 'failed' | 'skipped'>();
for (const step of selected) {
  if (step.needs && results.get(step.needs) === 'failed') {
    results.set(step.name, 'skipped');
    continue;
  }
  console.log(`\n── ${step.name}: ${[step.command, ...step.args].join(' ')}`);
  const started = Date.now();
  const code = await runCommand(step.command, step.args);
  results.set(step.name, code === 0 ? 'passed' : 'failed');
  console.log(`── ${step.name} ${code === 0 ? 'passed' : `FAILED (exit ${code})`} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
}

const count = (state: string) => [...results.values()].filter((v) => v === state).length;
console.log('\nSummary:');
for (const [name, state] of results) console.log(`  ${state.padEnd(7)} ${name}`);
const failed = count('failed') + count('skipped');
console.log(`\nsteps: ${count('passed')} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
