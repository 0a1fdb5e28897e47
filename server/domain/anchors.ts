import * as Y from 'yjs';
import { draftFragment } from '../../shared/doc/ydoc.js';

/** A quoted passage pinned to the draft: JSON of the Yjs relative positions of its start and its end. */
export interface Anchor {
  start: string;
  end: string;
}

/** A stored anchor read against the live draft: the passage as it reads now, or `detached` once it is gone. */
export type ResolvedAnchor = { status: 'attached'; text: string } | { status: 'detached'; text: null };

/** The element of the article with this id in a draft, or null. */
export function findArticleElement(ydoc: Y.Doc, articleId: string): Y.XmlElement | null {
  for (const node of draftFragment(ydoc).toArray()) {
    if (node instanceof Y.XmlElement && node.nodeName === 'article' && node.getAttribute('id') === articleId) return node;
  }
  return null;
}

/** The text runs of an element in document order: the article's title, then each paragraph's. */
function textRuns(element: Y.XmlElement): Y.XmlText[] {
  return element.toArray().flatMap((child) => (child instanceof Y.XmlText ? [child] : child instanceof Y.XmlElement ? textRuns(child) : []));
}

/** The characters of a text run; `toString()` would render its marks as XML tags. */
function plainText(run: Y.XmlText): string {
  return (run.toDelta() as { insert: unknown }[]).map((op) => (typeof op.insert === 'string' ? op.insert : '')).join('');
}

const encode = (position: Y.RelativePosition) => JSON.stringify(Y.relativePositionToJSON(position));

/**
 * Pin `quote` where it first occurs in one text run of an article (its title or a paragraph), or return null
 * when it does not occur in any single run — a passage spanning two paragraphs is not found.
 */
export function anchorQuote(article: Y.XmlElement, quote: string): Anchor | null {
  for (const run of textRuns(article)) {
    const index = plainText(run).indexOf(quote);
    if (index < 0) continue;
    // The start holds on to the passage's first character and the end to its last, so text typed just
    // before or just after the passage stays outside it.
    return {
      start: encode(Y.createRelativePositionFromTypeIndex(run, index, 0)),
      end: encode(Y.createRelativePositionFromTypeIndex(run, index + quote.length, -1)),
    };
  }
  return null;
}

const absolute = (ydoc: Y.Doc, json: string) => Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(JSON.parse(json)), ydoc);

/**
 * Read an anchor against the live draft. It is detached once its passage was deleted: its ends then meet (Yjs
 * resolves a position in deleted text, or in a deleted paragraph or article, to where the text was) or vanish
 * (the deleted content was garbage-collected).
 */
export function resolveAnchor(ydoc: Y.Doc, anchor: Anchor): ResolvedAnchor {
  const start = absolute(ydoc, anchor.start);
  const end = absolute(ydoc, anchor.end);
  if (!start || !end || start.type !== end.type || !(start.type instanceof Y.XmlText) || end.index <= start.index) {
    return { status: 'detached', text: null };
  }
  return { status: 'attached', text: plainText(start.type).slice(start.index, end.index) };
}
