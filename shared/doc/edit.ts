import { Fragment, type Node } from 'prosemirror-model';
import { rulebookSchema } from '../schema.js';
import { childrenOf } from './view.js';

/** An article's title and body blocks, as an edit writes them. */
export interface ArticleParts {
  title: string;
  blocks: readonly Node[];
}

function articleNode(id: string, parts: ArticleParts): Node {
  const { article, article_title } = rulebookSchema.nodes;
  const title = article_title!.create(null, parts.title ? rulebookSchema.text(parts.title) : null);
  return article!.create({ id }, [title, ...parts.blocks]);
}

function replaceChildren(doc: Node, children: Node[]): Node {
  return doc.copy(Fragment.fromArray(children));
}

/** The document with article `id` given a new title and body, or null if absent. */
export function rewordArticle(doc: Node, id: string, parts: ArticleParts): Node | null {
  const children = childrenOf(doc);
  const index = children.findIndex((n) => n.type.name === 'article' && n.attrs.id === id);
  if (index < 0) return null;
  children[index] = articleNode(id, parts);
  return replaceChildren(doc, children);
}

/** The document with a new article inserted after article `afterId` (null: before the first article), or null if `afterId` is absent. */
export function insertArticle(doc: Node, afterId: string | null, id: string, parts: ArticleParts): Node | null {
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
  children.splice(index, 0, articleNode(id, parts));
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
