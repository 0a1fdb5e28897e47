import { Fragment, type Node } from 'prosemirror-model';
import { rulebookSchema } from '../schema.js';
import { textToBlocks } from './text.js';
import { childrenOf } from './view.js';
import type { Wording } from '../validation/amendments.js';

function articleNode(id: string, wording: Wording, previous: readonly Node[] = []): Node {
  const { article, article_title } = rulebookSchema.nodes;
  const title = article_title!.create(null, wording.title ? rulebookSchema.text(wording.title) : null);
  return article!.create({ id }, [title, ...textToBlocks(wording.text, previous)]);
}

function replaceChildren(doc: Node, children: Node[]): Node {
  return doc.copy(Fragment.fromArray(children));
}

/** The document with article `id` reworded (unchanged blocks keep their formatting), or null if absent. */
export function rewordArticle(doc: Node, id: string, wording: Wording): Node | null {
  const children = childrenOf(doc);
  const index = children.findIndex((n) => n.type.name === 'article' && n.attrs.id === id);
  if (index < 0) return null;
  children[index] = articleNode(id, wording, childrenOf(children[index]!).slice(1));
  return replaceChildren(doc, children);
}

/** The document with a new article inserted after article `afterId` (null: before the first article), or null if `afterId` is absent. */
export function insertArticle(doc: Node, afterId: string | null, id: string, wording: Wording): Node | null {
  const children = childrenOf(doc);
  let index: number;
  if (afterId === null) {
    const first = children.findIndex((n) => n.type.name === 'article' || n.type.name === 'section');
    index = first < 0 ? children.length : first;
  } else {
    const after = children.findIndex((n) => n.type.name === 'article' && n.attrs.id === afterId);
    if (after < 0) return null;
    index = after + 1;
  }
  children.splice(index, 0, articleNode(id, wording));
  return replaceChildren(doc, children);
}

/** The document without article `id`, or null if absent. */
export function removeArticle(doc: Node, id: string): Node | null {
  const children = childrenOf(doc);
  const index = children.findIndex((n) => n.type.name === 'article' && n.attrs.id === id);
  if (index < 0) return null;
  children.splice(index, 1);
  return replaceChildren(doc, children);
}
