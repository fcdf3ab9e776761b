/**
 * ARIA tabs (WAI-ARIA Authoring Practices "Tabs with automatic activation"):
 * one tab stop for the tab list (roving tabindex), Left/Right/Home/End move
 * and activate, the panel is labelled by the selected tab.
 */
export interface TabSpec {
  id: string;
  label: string;
  /** Extra text after the label, e.g. "read-only". */
  note?: string;
}

export interface Tabs {
  readonly list: HTMLElement;
  select(id: string, focus?: boolean): void;
  selected(): string;
}

export function createTabs(doc: Document, idPrefix: string, specs: TabSpec[], panel: HTMLElement, onSelect: (id: string) => void, label: string): Tabs {
  const list = doc.createElement('div');
  list.setAttribute('role', 'tablist');
  list.setAttribute('aria-label', label);
  list.className = 'wb-tablist';
  panel.setAttribute('role', 'tabpanel');
  panel.id = `${idPrefix}-panel`;
  const buttons = specs.map((spec, index) => {
    const tab = doc.createElement('button');
    tab.type = 'button';
    tab.setAttribute('role', 'tab');
    tab.id = `${idPrefix}-tab-${index}`;
    tab.dataset['tabId'] = spec.id;
    tab.setAttribute('aria-controls', panel.id);
    tab.className = 'wb-tab';
    tab.append(spec.label);
    if (spec.note) {
      const note = doc.createElement('span');
      note.className = 'wb-tab-note';
      note.textContent = ` (${spec.note})`;
      tab.append(note);
    }
    tab.addEventListener('click', () => tabs.select(spec.id));
    list.append(tab);
    return tab;
  });
  let current = '';

  list.addEventListener('keydown', (event) => {
    const index = buttons.findIndex((b) => b.dataset['tabId'] === current);
    let next = -1;
    if (event.key === 'ArrowRight') next = (index + 1) % buttons.length;
    else if (event.key === 'ArrowLeft') next = (index - 1 + buttons.length) % buttons.length;
    else if (event.key === 'Home') next = 0;
    else if (event.key === 'End') next = buttons.length - 1;
    if (next === -1) return;
    event.preventDefault();
    tabs.select(buttons[next]!.dataset['tabId']!, true);
  });

  const tabs: Tabs = {
    list,
    select(id, focus = false) {
      const target = buttons.find((b) => b.dataset['tabId'] === id);
      if (!target) return;
      for (const b of buttons) {
        const on = b === target;
        b.setAttribute('aria-selected', String(on));
        b.tabIndex = on ? 0 : -1;
      }
      panel.setAttribute('aria-labelledby', target.id);
      if (focus) target.focus();
      if (id !== current) {
        current = id;
        onSelect(id);
      }
    },
    selected: () => current,
  };
  if (specs[0]) tabs.select(specs[0].id);
  return tabs;
}
