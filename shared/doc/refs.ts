import type { Node } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import type { DraftView } from '../validation/api.js';

/** Each article's number in a rulebook document (document order, from 1), by id. */
export function articleNumbers(doc: Node): Map<string, number> {
  const numbers = new Map<string, number>();
  doc.forEach((node) => {
    if (node.type.name === 'article') numbers.set(node.attrs.id as string, numbers.size + 1);
  });
  return numbers;
}

/** Each article's number in a version's JSON view, by id. */
export const viewNumbers = (view: DraftView): Map<string, number> => new Map(view.articles.map((a) => [a.id, a.number]));

/** Where references to articles sit in a document, and which article holds each (null: the preamble). */
export interface ReferenceAt {
  pos: number;
  target: string;
  /** The id of the article the reference is written in, or null outside articles. */
  in: string | null;
}

/** Every reference to an article in a rulebook document, in document order. */
export function referencesIn(doc: Node): ReferenceAt[] {
  const found: ReferenceAt[] = [];
  doc.forEach((top, offset) => {
    const holder = top.type.name === 'article' ? (top.attrs.id as string) : null;
    top.descendants((node, pos) => {
      if (node.type.name === 'article_ref') found.push({ pos: offset + 1 + pos, target: node.attrs.target as string, in: holder });
      return node.isBlock;
    });
  });
  return found;
}

/**
 * The document with every reference resolved to its article's number in it (`n`; null where the article is gone),
 * for what shows a version as it is (release bodies, pages, PDFs). Never written back: the number is not stored.
 */
export function resolveRefs(doc: Node): Node {
  const refs = referencesIn(doc);
  if (!refs.length) return doc;
  const numbers = articleNumbers(doc);
  const tr = new Transform(doc);
  for (const ref of refs) tr.setNodeAttribute(ref.pos, 'n', numbers.get(ref.target) ?? null);
  return tr.doc;
}

/** The articles (ids, in order, each once) whose text refers to `target`, leaving out the article itself. */
export function referrersOf(doc: Node, target: string): string[] {
  return referrers(doc).get(target) ?? [];
}

/** For each article referred to, the articles (ids, in order, each once) whose text refers to it, itself left out. */
export function referrers(doc: Node): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const ref of referencesIn(doc)) {
    if (!ref.in || ref.in === ref.target) continue;
    const list = out.get(ref.target) ?? [];
    if (!list.includes(ref.in)) out.set(ref.target, [...list, ref.in]);
  }
  return out;
}
