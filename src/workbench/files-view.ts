/**
 * The file area: ARIA tabs over one CodeMirror view (learner files first,
 * then read-only context files) and, when the exercise allows it, "New file",
 * "Rename" and "Delete" with native dialogs and validated names.
 */
import { h } from './dom.ts';
import { createFileEditor, type EditorCallbacks, type FileEditor } from './editor.ts';
import { checkNewPath } from './model.ts';
import { createTabs, type Tabs } from './tabs.ts';

export interface FilesView {
  readonly element: HTMLElement;
  /** The learner's files, path → content, in tab order. */
  files(): Record<string, string>;
  content(path: string): string;
  /** Replaces all learner files (reset). */
  reset(files: Record<string, string>): void;
  focusTab(): void;
}

export interface FilesOptions {
  prefix: string;
  learner: Record<string, string>;
  readonly: { path: string; content: string }[];
  allowNewFiles: boolean;
  callbacks: EditorCallbacks;
  /** A file was added, renamed or deleted. */
  onStructureChange(): void;
}

export function createFilesView(options: FilesOptions): FilesView {
  const { prefix, callbacks } = options;
  let paths = Object.keys(options.learner);
  const readonlyPaths = options.readonly.map((f) => f.path);
  const panel = h('div', { class: 'wb-editor' });
  const editor: FileEditor = createFileEditor(
    panel,
    [...paths.map((path) => ({ path, content: options.learner[path] ?? '', readOnly: false })), ...options.readonly.map((f) => ({ ...f, readOnly: true }))],
    callbacks,
  );
  const tabsSlot = h('div', { class: 'wb-tabs-slot' });
  let tabs: Tabs | undefined;
  const drawTabs = (select?: string) => {
    const specs = [...paths.map((p) => ({ id: p, label: p })), ...readonlyPaths.map((p) => ({ id: p, label: p, note: 'read-only' }))];
    const created = createTabs(document, `${prefix}-files`, specs, panel, (path) => {
      editor.show(path);
      syncActions();
    }, 'Files');
    tabs = created;
    tabsSlot.replaceChildren(created.list);
    if (select) created.select(select);
    editor.show(created.selected());
    syncActions();
    return created;
  };

  // File actions (only when the exercise allows restructuring).
  const actions = h('div', { class: 'wb-file-actions', hidden: !options.allowNewFiles });
  const newButton = h('button', { type: 'button', class: 'button secondary wb-small' }, 'New file…');
  const renameButton = h('button', { type: 'button', class: 'button secondary wb-small' }, 'Rename…');
  const deleteButton = h('button', { type: 'button', class: 'button secondary wb-small' }, 'Delete…');
  actions.append(newButton, renameButton, deleteButton);
  const syncActions = () => {
    const selected = tabs?.selected() ?? '';
    const learnerFile = paths.includes(selected);
    renameButton.setAttribute('aria-disabled', String(!learnerFile));
    deleteButton.setAttribute('aria-disabled', String(!learnerFile || paths.length <= 1));
    renameButton.textContent = learnerFile ? `Rename ${selected}…` : 'Rename…';
    deleteButton.textContent = learnerFile ? `Delete ${selected}…` : 'Delete…';
  };

  // One dialog asks for a name, another confirms a deletion.
  const nameInput = h('input', { id: `${prefix}-file-name`, name: 'name', spellcheck: 'false', autocomplete: 'off', 'aria-describedby': `${prefix}-file-help ${prefix}-file-error` });
  const nameError = h('p', { id: `${prefix}-file-error`, class: 'wb-error', role: 'alert' });
  const nameTitle = h('h3', { id: `${prefix}-file-h` });
  const nameSubmit = h('button', { type: 'submit', value: 'ok', class: 'button' });
  const nameCancel = h('button', { type: 'button', class: 'button secondary' }, 'Cancel');
  const nameDialog = h(
    'dialog',
    { class: 'wb-dialog', 'aria-labelledby': `${prefix}-file-h` },
    h(
      'form',
      { method: 'dialog' },
      nameTitle,
      h('p', { class: 'wb-request' }, h('label', { for: `${prefix}-file-name` }, 'File name'), nameInput),
      h('p', { id: `${prefix}-file-help`, class: 'wb-muted' }, 'A path inside your exercise folder, e.g. config.js or lib/port.js.'),
      nameError,
      h('div', { class: 'wb-toolbar' }, nameCancel, nameSubmit),
    ),
  );
  // Cancel is a plain button, so Enter in the name field submits the form with its one submit button: "Create file" / "Rename file".
  nameCancel.addEventListener('click', () => nameDialog.close('cancel'));
  const deleteText = h('p', { id: `${prefix}-delete-d` });
  const deleteDialog = h(
    'dialog',
    { class: 'wb-dialog', 'aria-labelledby': `${prefix}-delete-h`, 'aria-describedby': `${prefix}-delete-d` },
    h(
      'form',
      { method: 'dialog' },
      h('h3', { id: `${prefix}-delete-h` }, 'Delete this file?'),
      deleteText,
      h('div', { class: 'wb-toolbar' }, h('button', { type: 'submit', value: 'cancel', class: 'button secondary' }, 'Cancel'), h('button', { type: 'submit', value: 'delete', class: 'button wb-danger' }, 'Delete file')),
    ),
  );

  let nameMode: { kind: 'new' } | { kind: 'rename'; from: string } = { kind: 'new' };
  let opener: HTMLElement = newButton;
  const openName = (mode: typeof nameMode, from: HTMLElement) => {
    nameMode = mode;
    opener = from;
    nameTitle.textContent = mode.kind === 'new' ? 'New file' : `Rename ${mode.from}`;
    nameSubmit.textContent = mode.kind === 'new' ? 'Create file' : 'Rename file';
    nameInput.value = mode.kind === 'rename' ? mode.from : '';
    nameInput.removeAttribute('aria-invalid');
    nameError.textContent = '';
    nameDialog.returnValue = '';
    nameDialog.showModal();
    nameInput.focus();
  };
  nameDialog.querySelector('form')!.addEventListener('submit', (event) => {
    const submitter = (event as SubmitEvent).submitter as HTMLButtonElement | null;
    if (submitter?.value !== 'ok') return;
    const others = nameMode.kind === 'rename' ? paths.filter((p) => p !== (nameMode as { from: string }).from) : paths;
    const check = checkNewPath(nameInput.value, others, readonlyPaths);
    if (!check.ok) {
      event.preventDefault();
      nameInput.setAttribute('aria-invalid', 'true');
      nameError.textContent = check.error;
      nameInput.focus();
      return;
    }
    if (nameMode.kind === 'new') {
      paths.push(check.path);
      editor.replace(check.path, '', false);
      drawTabs(check.path);
    } else {
      const from = nameMode.from;
      const content = editor.content(from);
      editor.replace(check.path, content, false);
      paths = paths.map((p) => (p === from ? check.path : p));
      drawTabs(check.path);
      editor.remove(from);
    }
    options.onStructureChange();
    syncActions();
    opener = current().list.querySelector<HTMLElement>('[aria-selected=true]') ?? opener;
  });
  nameDialog.addEventListener('close', () => opener.focus());
  deleteDialog.addEventListener('close', () => {
    const path = current().selected();
    if (deleteDialog.returnValue === 'delete' && paths.includes(path) && paths.length > 1) {
      paths = paths.filter((p) => p !== path);
      drawTabs(paths[0]);
      editor.remove(path);
      options.onStructureChange();
      syncActions();
      current().list.querySelector<HTMLElement>('[aria-selected=true]')?.focus();
    } else deleteButton.focus();
  });

  newButton.addEventListener('click', () => openName({ kind: 'new' }, newButton));
  renameButton.addEventListener('click', () => {
    const path = current().selected();
    if (paths.includes(path)) openName({ kind: 'rename', from: path }, renameButton);
  });
  deleteButton.addEventListener('click', () => {
    const path = current().selected();
    if (!paths.includes(path) || paths.length <= 1) return;
    deleteText.textContent = `${path} and its content will be removed from your exercise. Reset brings back the starter files.`;
    deleteDialog.returnValue = '';
    deleteDialog.showModal();
  });

  const current = (): Tabs => tabs ?? drawTabs();
  drawTabs();
  syncActions();
  const element = h('div', { class: 'wb-files' }, tabsSlot, panel, actions, nameDialog, deleteDialog);

  return {
    element,
    files: () => Object.fromEntries(paths.map((p) => [p, editor.content(p)])),
    content: (path) => (paths.includes(path) || readonlyPaths.includes(path) ? editor.content(path) : ''),
    reset(files) {
      const old = paths;
      paths = Object.keys(files);
      for (const [path, content] of Object.entries(files)) editor.replace(path, content, false);
      drawTabs(paths[0]);
      for (const path of old) if (!paths.includes(path)) editor.remove(path);
      syncActions();
    },
    focusTab: () => current().list.querySelector<HTMLElement>('[aria-selected=true]')?.focus(),
  };
}
