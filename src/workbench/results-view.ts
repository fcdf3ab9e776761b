/** The results list: a polite live summary ("2 of 3 checks pass") and one entry per hidden test. */
import type { Results, TestResult } from '../engine/results.ts';
import { stripAnsi } from '../runtime/ansi.ts';
import { h } from './dom.ts';
import { groupResults, groupSummary } from './groups.ts';
import { summaryText } from './model.ts';

export interface ResultsView {
  readonly element: HTMLElement;
  /** Announces a short status (running, error) through the live summary. */
  status(text: string, kind?: 'info' | 'error'): void;
  show(results: Results): void;
  clear(): void;
}

const LABEL = { pass: 'Passes', fail: 'Fails', error: 'Could not run' } as const;
const MARK = { pass: '✓', fail: '✗', error: '!' } as const;

export function createResultsView(idPrefix: string): ResultsView {
  const summary = h('p', { class: 'wb-summary', role: 'status', 'aria-live': 'polite', 'aria-atomic': 'true' }, 'Run the tests to see which checks pass.');
  const message = h('p', { class: 'wb-run-message', hidden: true });
  const list = h('ul', { class: 'wb-tests', 'aria-label': 'Checks' });
  const element = h('section', { class: 'wb-results', 'aria-labelledby': `${idPrefix}-results-h` }, h('h3', { id: `${idPrefix}-results-h` }, 'Results'), summary, message, list);

  return {
    element,
    status(text, kind = 'info') {
      summary.textContent = text;
      summary.dataset['kind'] = kind;
    },
    show(results) {
      // Counts finished runs so tools (npm run bench) can wait for a specific run to end.
      element.dataset['runCount'] = String(Number(element.dataset['runCount'] ?? 0) + 1);
      summary.textContent = summaryText(results);
      summary.dataset['kind'] = results.status;
      message.hidden = !results.message;
      message.textContent = results.message ?? '';
      // A capstone's checks come in groups, one per factor: a heading per group, its checks below.
      const groups = groupResults(results.tests);
      list.replaceChildren(
        ...(groups
          ? groups.map((group, i) =>
              h(
                'li',
                { class: 'wb-group', 'data-status': group.status },
                h(
                  'h4',
                  { class: 'wb-group-name', id: `${idPrefix}-group-${i}` },
                  h('span', { class: 'wb-badge', 'aria-hidden': 'true' }, MARK[group.status]),
                  ` ${group.name}: `,
                  h('span', { class: 'wb-group-summary' }, groupSummary(group)),
                ),
                h('ul', { class: 'wb-tests', 'aria-labelledby': `${idPrefix}-group-${i}` }, ...group.checks.map(({ check, result }) => testItem(result, check))),
              ),
            )
          : results.tests.map((test) => testItem(test, test.name))),
      );
    },
    clear() {
      summary.textContent = 'Run the tests to see which checks pass.';
      delete summary.dataset['kind'];
      message.hidden = true;
      list.replaceChildren();
    },
  };
}

/** One check: its status, its name (without its group, inside a group), and on failure the message and output. */
function testItem(test: TestResult, name: string): HTMLElement {
  const item = h(
    'li',
    { class: 'wb-test', 'data-status': test.status },
    h('span', { class: 'wb-badge', 'aria-hidden': 'true' }, MARK[test.status]),
    h('span', { class: 'wb-test-status' }, `${LABEL[test.status]}:`),
    ' ',
    h('span', { class: 'wb-test-name' }, name),
  );
  if (test.message && test.status !== 'pass') item.append(h('p', { class: 'wb-test-message' }, test.message));
  if (test.output) {
    item.append(h('details', {}, h('summary', {}, 'What your code printed'), h('pre', { class: 'wb-test-output' }, stripAnsi(test.output))));
  }
  return item;
}
