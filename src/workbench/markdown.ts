/**
 * A tiny, safe Markdown subset for hints: paragraphs (blank line), fenced
 * code blocks, `code`, **bold**, *emphasis* and [links](https://…). Builds
 * DOM nodes; never parses HTML, so hint text cannot inject markup.
 */
export type InlineToken =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong'; text: string }
  | { type: 'em'; text: string }
  | { type: 'link'; text: string; href: string };

const INLINE = /`([^`]+)`|\*\*([^*]+)\*\*|\*([^*\s][^*]*)\*|\[([^\]]+)\]\(([^)\s]+)\)/g;

export function tokenize(line: string): InlineToken[] {
  const tokens: InlineToken[] = [];
  let last = 0;
  for (const m of line.matchAll(INLINE)) {
    if (m.index > last) tokens.push({ type: 'text', text: line.slice(last, m.index) });
    if (m[1] !== undefined) tokens.push({ type: 'code', text: m[1] });
    else if (m[2] !== undefined) tokens.push({ type: 'strong', text: m[2] });
    else if (m[3] !== undefined) tokens.push({ type: 'em', text: m[3] });
    else if (m[4] !== undefined && m[5] !== undefined) {
      const safe = /^(https?:|\/|#|\.)/i.test(m[5]);
      tokens.push(safe ? { type: 'link', text: m[4], href: m[5] } : { type: 'text', text: m[4] });
    }
    last = m.index + m[0].length;
  }
  if (last < line.length) tokens.push({ type: 'text', text: line.slice(last) });
  return tokens;
}

export type Block = { type: 'paragraph'; text: string } | { type: 'code'; text: string; lang: string };

/** Splits Markdown into paragraphs and fenced code blocks. */
export function blocks(markdown: string): Block[] {
  const out: Block[] = [];
  let paragraph: string[] = [];
  let code: { lang: string; lines: string[] } | null = null;
  const endParagraph = () => {
    if (paragraph.length) out.push({ type: 'paragraph', text: paragraph.join(' ') });
    paragraph = [];
  };
  for (const line of markdown.split('\n')) {
    const fence = /^\s*```\s*([\w-]*)\s*$/.exec(line);
    if (code) {
      if (fence) {
        out.push({ type: 'code', lang: code.lang, text: code.lines.join('\n') });
        code = null;
      } else code.lines.push(line);
    } else if (fence) {
      endParagraph();
      code = { lang: fence[1] ?? '', lines: [] };
    } else if (line.trim() === '') endParagraph();
    else paragraph.push(line.trim());
  }
  if (code) out.push({ type: 'code', lang: code.lang, text: code.lines.join('\n') });
  endParagraph();
  return out;
}

/** Renders Markdown into `parent` as paragraphs of inline nodes and code blocks. */
export function renderMarkdown(parent: HTMLElement, markdown: string): void {
  const doc = parent.ownerDocument;
  for (const block of blocks(markdown)) {
    if (block.type === 'code') {
      const pre = doc.createElement('pre');
      const code = doc.createElement('code');
      code.textContent = block.text;
      pre.append(code);
      parent.append(pre);
      continue;
    }
    const p = doc.createElement('p');
    for (const token of tokenize(block.text)) {
      if (token.type === 'text') p.append(token.text);
      else if (token.type === 'link') {
        const a = doc.createElement('a');
        a.href = token.href;
        a.textContent = token.text;
        p.append(a);
      } else {
        const el = doc.createElement(token.type);
        el.textContent = token.text;
        p.append(el);
      }
    }
    parent.append(p);
  }
}
