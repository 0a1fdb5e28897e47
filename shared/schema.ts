import { Schema, type Node, type NodeSpec, type MarkSpec, type DOMOutputSpec } from 'prosemirror-model';

/** Attributes every identified top-level node (article, section) carries. */
const identity = { id: { default: '' } };

const idFromDom = (dom: HTMLElement | string) =>
  typeof dom === 'string' ? {} : { id: dom.getAttribute('data-id') ?? '' };

const nodes: Record<string, NodeSpec> = {
  doc: { content: 'title preamble? (section | article)*' },
  title: {
    content: 'text*',
    marks: '',
    defining: true,
    parseDOM: [{ tag: 'h1' }],
    toDOM: (): DOMOutputSpec => ['h1', { class: 'rb-title' }, 0],
  },
  preamble: {
    content: 'block+',
    defining: true,
    parseDOM: [{ tag: 'div.rb-preamble' }],
    toDOM: (): DOMOutputSpec => ['div', { class: 'rb-preamble' }, 0],
  },
  section: {
    attrs: identity,
    content: 'text*',
    marks: '',
    defining: true,
    parseDOM: [{ tag: 'h2.rb-section', getAttrs: idFromDom }],
    toDOM: (node): DOMOutputSpec => ['h2', { class: 'rb-section', 'data-id': node.attrs.id }, 0],
  },
  article: {
    attrs: identity,
    content: 'article_title block+',
    isolating: true,
    defining: true,
    parseDOM: [{ tag: 'article.rb-article', getAttrs: idFromDom }],
    toDOM: (node): DOMOutputSpec => ['article', { class: 'rb-article', 'data-id': node.attrs.id }, 0],
  },
  article_title: {
    content: 'text*',
    marks: '',
    defining: true,
    parseDOM: [{ tag: 'h3.rb-article-title' }],
    toDOM: (): DOMOutputSpec => ['h3', { class: 'rb-article-title' }, 0],
  },
  paragraph: {
    content: 'inline*',
    group: 'block',
    parseDOM: [{ tag: 'p' }],
    toDOM: (): DOMOutputSpec => ['p', 0],
  },
  bullet_list: {
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ul' }],
    toDOM: (): DOMOutputSpec => ['ul', 0],
  },
  ordered_list: {
    attrs: { order: { default: 1 } },
    content: 'list_item+',
    group: 'block',
    parseDOM: [{ tag: 'ol', getAttrs: (dom) => ({ order: Number((dom as HTMLElement).getAttribute('start') ?? 1) || 1 }) }],
    toDOM: (node): DOMOutputSpec => ['ol', node.attrs.order === 1 ? {} : { start: node.attrs.order }, 0],
  },
  list_item: {
    content: 'paragraph block*',
    defining: true,
    parseDOM: [{ tag: 'li' }],
    toDOM: (): DOMOutputSpec => ['li', 0],
  },
  text: { group: 'inline' },
  article_ref: {
    // A reference to another article ("see article 12"): it names the article by id, and reads as that article's
    // number in the version it is read in. `word` is what precedes the number ("article", "Article", "art."), `label`
    // the number written when the reference was made (read only if the article is gone), `n` the number once resolved
    // against a whole document (`resolveRefs`): never stored, so a renumbering changes no stored text.
    attrs: { target: { default: '' }, word: { default: 'article' }, label: { default: '' }, n: { default: null } },
    inline: true,
    group: 'inline',
    atom: true,
    selectable: true,
    leafText: (node: Node) => refText(node),
    parseDOM: [
      {
        tag: 'a.rb-ref[data-target]',
        getAttrs: (dom) => {
          const el = dom as HTMLElement;
          return { target: el.getAttribute('data-target') ?? '', word: el.getAttribute('data-word') ?? 'article', label: el.getAttribute('data-label') ?? '' };
        },
      },
    ],
    toDOM: (node): DOMOutputSpec => [
      'a',
      { class: 'rb-ref', href: `#article-${node.attrs.target}`, 'data-target': node.attrs.target, 'data-word': node.attrs.word, 'data-label': node.attrs.label },
      refText(node),
    ],
  },
  hard_break: {
    inline: true,
    group: 'inline',
    selectable: false,
    parseDOM: [{ tag: 'br' }],
    toDOM: (): DOMOutputSpec => ['br'],
  },
};

/** A first article written the French way ("article 1er", "article premier"). */
const FIRST = /^(1er|1re|premier|première)$/i;

/**
 * How a reference reads with its article's `number` (absent: the number written when it was made). A reference
 * written "article 1er" keeps that form while its article is the first.
 */
export function refReading({ word, label }: { word: string; label: string }, number: number | null | undefined): string {
  return `${word} ${number === 1 && FIRST.test(label) ? label : (number ?? label)}`;
}

/**
 * How a reference node reads: its word and the article's number (`numbers` gives it for a whole document; else the
 * number it was resolved to, else the one written when it was made).
 */
export function refText(node: Node, numbers?: ReadonlyMap<string, number>): string {
  const attrs = node.attrs as { target: string; word: string; label: string; n: number | null };
  return refReading(attrs, numbers ? numbers.get(attrs.target) : attrs.n);
}

const marks: Record<string, MarkSpec> = {
  em: {
    parseDOM: [{ tag: 'i' }, { tag: 'em' }, { style: 'font-style=italic' }],
    toDOM: (): DOMOutputSpec => ['em', 0],
  },
  strong: {
    parseDOM: [{ tag: 'strong' }, { tag: 'b' }, { style: 'font-weight', getAttrs: (v) => /^(bold(er)?|[5-9]\d{2,})$/.test(v as string) && null }],
    toDOM: (): DOMOutputSpec => ['strong', 0],
  },
};

/** The ProseMirror schema of a rulebook: title, optional preamble, then sections and articles. */
export const rulebookSchema = new Schema({ nodes, marks });

/** Names of the top-level node types that carry a stable `id` attribute. */
export const IDENTIFIED_NODES: readonly string[] = ['article', 'section'];
