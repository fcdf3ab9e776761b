/**
 * The code editor: one CodeMirror view, one EditorState per file (so undo
 * history stays with its file), a lean extension set — line numbers, history,
 * keymaps, bracket matching, syntax highlighting for JS/JSON — and accessible
 * Tab handling: Tab indents, Escape then Tab leaves the editor (CodeMirror's
 * tab-focus mode; Ctrl-M / Alt-Shift-M toggles it for longer).
 */
import { EditorState, type Extension } from '@codemirror/state';
import { EditorView, keymap, lineNumbers, highlightActiveLine, highlightActiveLineGutter, drawSelection } from '@codemirror/view';
import { defaultKeymap, history, historyKeymap, indentWithTab, simplifySelection, temporarilySetTabFocusMode } from '@codemirror/commands';
import { HighlightStyle, bracketMatching, indentOnInput, syntaxHighlighting } from '@codemirror/language';
import { javascriptLanguage } from '@codemirror/lang-javascript';
import { jsonLanguage } from '@codemirror/lang-json';
import { tags } from '@lezer/highlight';
import { languageOf } from './model.ts';

/** Colours come from CSS variables (workbench.css) so both themes meet WCAG AA. */
export const highlightStyle = HighlightStyle.define([
  { tag: [tags.keyword, tags.controlKeyword, tags.moduleKeyword, tags.operatorKeyword, tags.definitionKeyword], color: 'var(--wb-keyword)' },
  { tag: [tags.string, tags.special(tags.string), tags.regexp], color: 'var(--wb-string)' },
  { tag: [tags.comment, tags.lineComment, tags.blockComment], color: 'var(--wb-comment)', fontStyle: 'italic' },
  { tag: [tags.number, tags.bool, tags.null, tags.atom], color: 'var(--wb-number)' },
  { tag: [tags.function(tags.variableName), tags.function(tags.propertyName), tags.definition(tags.variableName)], color: 'var(--wb-function)' },
  { tag: [tags.propertyName], color: 'var(--wb-property)' },
]);

export const editorTheme = EditorView.theme({
  '&': { color: 'var(--fg)', backgroundColor: 'var(--bg-code)', fontSize: '0.9rem', border: '1px solid var(--border)', borderRadius: 'var(--radius)' },
  '&.cm-focused': { outline: '3px solid var(--focus)', outlineOffset: '2px' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)', lineHeight: '1.5', minHeight: '14rem', maxHeight: '32rem' },
  '.cm-content': { caretColor: 'var(--fg)' },
  '.cm-cursor, .cm-dropCursor': { borderLeftColor: 'var(--fg)' },
  '.cm-gutters': { backgroundColor: 'var(--bg-soft)', color: 'var(--fg-muted)', borderRight: '1px solid var(--border)' },
  '.cm-activeLine': { backgroundColor: 'color-mix(in srgb, var(--accent-soft) 55%, transparent)' },
  '.cm-activeLineGutter': { backgroundColor: 'var(--accent-soft)', color: 'var(--fg)' },
  '&.cm-focused > .cm-scroller > .cm-selectionLayer .cm-selectionBackground, .cm-selectionBackground, ::selection': {
    backgroundColor: 'color-mix(in srgb, var(--accent) 30%, transparent)',
  },
  '.cm-matchingBracket': { outline: '1px solid var(--fg-muted)', backgroundColor: 'transparent' },
});

export interface EditorCallbacks {
  /** The document of an editable file changed. */
  onChange(path: string, content: string): void;
  /** Ctrl/Cmd+Enter. */
  onRun(): void;
}

function language(path: string): Extension {
  const lang = languageOf(path);
  if (lang === 'javascript') return javascriptLanguage;
  if (lang === 'json') return jsonLanguage;
  return [];
}

function prefersReducedMotion(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches;
}

export function createState(path: string, content: string, readOnly: boolean, callbacks: EditorCallbacks): EditorState {
  return EditorState.create({
    doc: content,
    extensions: [
      lineNumbers(),
      highlightActiveLineGutter(),
      highlightActiveLine(),
      // A steady cursor for learners who ask for reduced motion.
      drawSelection({ cursorBlinkRate: prefersReducedMotion() ? 0 : 1200 }),
      history(),
      indentOnInput(),
      bracketMatching(),
      EditorState.tabSize.of(2),
      language(path),
      syntaxHighlighting(highlightStyle),
      editorTheme,
      keymap.of([
        { key: 'Mod-Enter', run: () => (callbacks.onRun(), true), preventDefault: true },
        {
          // Escape: drop extra selections as usual, and let the next Tab leave the editor.
          key: 'Escape',
          run: (view) => {
            simplifySelection(view);
            temporarilySetTabFocusMode(view);
            return true;
          },
        },
        ...defaultKeymap,
        ...historyKeymap,
        indentWithTab,
      ]),
      EditorState.readOnly.of(readOnly),
      EditorView.editable.of(!readOnly),
      EditorView.contentAttributes.of({
        'aria-label': `${path}${readOnly ? ' (read-only)' : ''}. Press Escape then Tab to leave the editor.`,
        // Focusable also when read-only, so keyboard users can scroll and read it.
        tabindex: '0',
        ...(readOnly ? { 'aria-readonly': 'true' } : {}),
      }),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && !readOnly) callbacks.onChange(path, update.state.doc.toString());
      }),
    ],
  });
}

export interface FileEditor {
  readonly view: EditorView;
  /** Shows `path`, keeping each file's own state (and undo history). */
  show(path: string): void;
  content(path: string): string;
  /** Replaces a file's document and history (reset), adding the file if it is new. */
  replace(path: string, content: string, readOnly?: boolean): void;
  /** Forgets a file (the learner deleted it). */
  remove(path: string): void;
  destroy(): void;
}

export function createFileEditor(
  parent: HTMLElement,
  files: { path: string; content: string; readOnly: boolean }[],
  callbacks: EditorCallbacks,
): FileEditor {
  const states = new Map<string, EditorState>();
  const readOnly = new Map<string, boolean>();
  for (const f of files) {
    states.set(f.path, createState(f.path, f.content, f.readOnly, callbacks));
    readOnly.set(f.path, f.readOnly);
  }
  let current = files[0]?.path ?? '';
  const view = new EditorView({ state: states.get(current)!, parent });
  const editor: FileEditor = {
    view,
    show(path) {
      if (path === current || !states.has(path)) return;
      states.set(current, view.state);
      current = path;
      view.setState(states.get(path)!);
    },
    content(path) {
      return (path === current ? view.state : states.get(path))?.doc.toString() ?? '';
    },
    replace(path, content, ro = readOnly.get(path) ?? false) {
      const state = createState(path, content, ro, callbacks);
      states.set(path, state);
      readOnly.set(path, ro);
      if (path === current) view.setState(state);
    },
    remove(path) {
      if (path === current) return; // show another file first
      states.delete(path);
      readOnly.delete(path);
    },
    destroy() {
      view.destroy();
    },
  };
  return editor;
}
