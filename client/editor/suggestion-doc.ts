/** The suggestion editor's document: one article alone in a rulebook document, and its parts read back. */
import type { Node } from 'prosemirror-model';
import { rulebookSchema } from '../../shared/schema.js';
import { childrenOf } from '../../shared/doc/view.js';

const { nodes } = rulebookSchema;

/** An article's wording in structured form: its title and its body blocks. */
export interface ArticleWording {
  title: string;
  blocks: readonly Node[];
}

/** The rulebook's own (empty, hidden) title: the schema asks for one before any article. */
export const HIDDEN_TITLE = nodes.title!.create();

/** A document of the schema holding only this article (an empty paragraph when it has no body yet). */
export function suggestionDoc(articleId: string, wording: ArticleWording): Node {
  const title = nodes.article_title!.create(null, wording.title ? rulebookSchema.text(wording.title) : null);
  const body = wording.blocks.length > 0 ? wording.blocks : [nodes.paragraph!.create()];
  return nodes.doc!.create(null, [HIDDEN_TITLE, nodes.article!.create({ id: articleId }, [title, ...body])]);
}

/** The article of a suggestion document: its wording, and where its title node and its body start. */
export function articleParts(doc: Node): ArticleWording & { titleAt: number; bodyAt: number } {
  const article = doc.child(1);
  const titleAt = doc.child(0).nodeSize + 1;
  const [title, ...blocks] = childrenOf(article);
  return { title: title!.textContent, blocks, titleAt, bodyAt: titleAt + title!.nodeSize };
}

/** Whether a document still has the shape of a suggestion: the hidden title, then one article. */
export function isSuggestionDoc(doc: Node): boolean {
  return doc.childCount === 2 && doc.child(0).eq(HIDDEN_TITLE) && doc.child(1).type === nodes.article;
}

/** Whether two wordings read exactly the same, formatting and layout included. */
export function sameWording(a: ArticleWording, b: ArticleWording): boolean {
  return a.title === b.title && a.blocks.length === b.blocks.length && a.blocks.every((block, i) => block.eq(b.blocks[i]!));
}
