/**
 * The reference solution, shown as a unified diff against the learner's code
 * (@codemirror/merge). Imported only when the learner asks for it.
 */
import { EditorState } from '@codemirror/state';
import { EditorView, lineNumbers } from '@codemirror/view';
import { syntaxHighlighting } from '@codemirror/language';
import { javascriptLanguage } from '@codemirror/lang-javascript';
import { jsonLanguage } from '@codemirror/lang-json';
import { unifiedMergeView } from '@codemirror/merge';
import { editorTheme, highlightStyle } from './editor.ts';
import { languageOf } from './model.ts';

export interface SolutionView {
  destroy(): void;
}

export function showSolutionDiff(parent: HTMLElement, path: string, learner: string, solution: string): SolutionView {
  const lang = languageOf(path);
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: solution,
      extensions: [
        lineNumbers(),
        lang === 'javascript' ? javascriptLanguage : lang === 'json' ? jsonLanguage : [],
        syntaxHighlighting(highlightStyle),
        editorTheme,
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.contentAttributes.of({
          'aria-label': `Reference solution of ${path}, compared with your code: removed lines are yours, added lines are the solution's.`,
          'aria-readonly': 'true',
          tabindex: '0',
        }),
        unifiedMergeView({ original: learner, mergeControls: false, gutter: true, highlightChanges: false, syntaxHighlightDeletions: true }),
      ],
    }),
  });
  return { destroy: () => view.destroy() };
}
