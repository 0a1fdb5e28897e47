import type { Node } from 'prosemirror-model';
import { TextSelection } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';

/** One line of the table of contents: a section heading, or an article with its derived number. */
export type TocEntry =
  | { kind: 'section'; id: string; title: string }
  | { kind: 'article'; id: string; title: string; number: number };

/** The table of contents of a draft, numbering articles in document order. */
export function tableOfContents(doc: Node): TocEntry[] {
  const entries: TocEntry[] = [];
  let number = 0;
  doc.forEach((node) => {
    const id = node.attrs.id as string;
    if (node.type.name === 'section') entries.push({ kind: 'section', id, title: node.textContent });
    else if (node.type.name === 'article') entries.push({ kind: 'article', id, title: node.firstChild?.textContent ?? '', number: ++number });
  });
  return entries;
}

/** Position of the first top-level node with this id, or null. */
export function findNodeById(doc: Node, id: string): number | null {
  let found: number | null = null;
  doc.forEach((node, offset) => {
    if (found === null && node.attrs.id === id) found = offset;
  });
  return found;
}

/** Scroll the article or section with this id into view, with the caret at its start (readers use it to select). */
export function revealNode(view: EditorView, id: string): void {
  const pos = findNodeById(view.state.doc, id);
  if (pos === null) return;
  const dom = view.nodeDOM(pos);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ behavior: 'smooth', block: 'start' });
  view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 1))));
  view.focus();
}
