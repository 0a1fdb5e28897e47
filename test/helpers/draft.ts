import * as Y from 'yjs';
import { draftFragment, readDraft } from '../../shared/doc/ydoc.js';
import { newNodeId } from '../../shared/doc/ids.js';

/** The Y element of the article with this id. */
export function articleElement(doc: Y.Doc, id: string): Y.XmlElement {
  const el = draftFragment(doc)
    .toArray()
    .find((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'article' && n.getAttribute('id') === id);
  if (!el) throw new Error(`no article ${id}`);
  return el;
}

/** Type `text` into the first paragraph of an article, at `index`, as an editor would. */
export function typeInArticle(doc: Y.Doc, id: string, text: string, index = 0): void {
  const paragraph = articleElement(doc, id).get(1) as Y.XmlElement;
  (paragraph.get(0) as Y.XmlText).insert(index, text);
}

/** A new article element with a fresh id, a title and one paragraph. */
export function newArticle(title: string, text: string, id = newNodeId('article')): Y.XmlElement {
  const el = new Y.XmlElement('article');
  el.setAttribute('id', id);
  const heading = new Y.XmlElement('article_title');
  heading.insert(0, [new Y.XmlText(title)]);
  const paragraph = new Y.XmlElement('paragraph');
  paragraph.insert(0, [new Y.XmlText(text)]);
  el.insert(0, [heading, paragraph]);
  return el;
}

/** Insert a new article right after the article `afterId`; returns its id. */
export function insertArticleAfter(doc: Y.Doc, afterId: string, title: string, text: string): string {
  const fragment = draftFragment(doc);
  const index = fragment.toArray().indexOf(articleElement(doc, afterId));
  const el = newArticle(title, text);
  fragment.insert(index + 1, [el]);
  return el.getAttribute('id') as string;
}

/** Delete the article with this id. */
export function deleteArticle(doc: Y.Doc, id: string): void {
  const fragment = draftFragment(doc);
  fragment.delete(fragment.toArray().indexOf(articleElement(doc, id)), 1);
}

/** "number:title" for every article, the shape most assertions compare. */
export function numberedTitles(doc: Y.Doc): string[] {
  return readDraft(doc).articles.map((a) => `${a.number}:${a.title}`);
}

/** A rulebook in Markdown with `n` articles titled "Rule 1"… and a body of `words` words each. */
export function rulebookMarkdown(n: number, words = 20): string {
  const body = (i: number) => Array.from({ length: words }, (_, w) => `word${i}x${w}`).join(' ');
  return ['# Test rules', '', 'Preamble text.', '', ...Array.from({ length: n }, (_, i) => `## Article ${i + 1} – Rule ${i + 1}\n\n${body(i + 1)}\n`)].join('\n');
}
