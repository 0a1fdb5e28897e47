import type { Node } from 'prosemirror-model';
import { refText } from '../schema.js';
import { articleNumbers } from './refs.js';
import type { DraftArticle, DraftSection, DraftView } from '../validation/api.js';

/**
 * Plain text of one block: list items on their own lines, prefixed with `- ` or `N. `; a reference to an article
 * reads as its number in `numbers` when given (see `refText`).
 */
function blockText(block: Node, numbers?: ReadonlyMap<string, number>): string {
  if (block.type.name === 'bullet_list' || block.type.name === 'ordered_list') {
    const start = block.type.name === 'ordered_list' ? (block.attrs.order as number) : 0;
    const lines: string[] = [];
    block.forEach((item, _offset, index) => {
      const marker = start ? `${start + index}. ` : '- ';
      const inner: string[] = [];
      item.forEach((child) => inner.push(blockText(child, numbers)));
      lines.push(marker + inner.join('\n').replace(/\n/g, '\n   '));
    });
    return lines.join('\n');
  }
  let text = '';
  block.descendants((node) => {
    if (node.isText) text += node.text;
    else if (node.type.name === 'hard_break') text += '\n';
    else if (node.type.name === 'article_ref') text += refText(node, numbers);
    return true;
  });
  return text;
}

/** Plain text of a sequence of blocks, separated by a blank line (references read as in `blockText`). */
export function blocksText(blocks: readonly Node[], numbers?: ReadonlyMap<string, number>): string {
  return blocks.map((block) => blockText(block, numbers)).join('\n\n');
}

/** Formatted blocks when they still read as `text` (a release's view and its Yjs state agree), else null. */
export function richBlocks<T extends readonly Node[]>(blocks: T | undefined, text: string): T | null {
  return blocks && blocksText(blocks) === text ? blocks : null;
}

/** The children of a node, as an array. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  node.forEach((child) => out.push(child));
  return out;
}

/** Turn a rulebook ProseMirror document into the public JSON view, numbering articles in document order. */
export function draftView(doc: Node): DraftView {
  const numbers = articleNumbers(doc);
  let title = '';
  let preamble = '';
  const sections: DraftSection[] = [];
  const articles: DraftArticle[] = [];
  let currentSection: DraftSection | null = null;
  doc.forEach((node) => {
    switch (node.type.name) {
      case 'title':
        title = node.textContent;
        break;
      case 'preamble':
        preamble = blocksText(childrenOf(node), numbers);
        break;
      case 'section':
        currentSection = { id: node.attrs.id as string, title: node.textContent, firstArticle: null };
        sections.push(currentSection);
        break;
      case 'article': {
        const [heading, ...body] = childrenOf(node);
        const number = articles.length + 1;
        const section = currentSection as DraftSection | null;
        if (section && section.firstArticle === null) section.firstArticle = number;
        articles.push({
          id: node.attrs.id as string,
          number,
          title: heading?.textContent ?? '',
          text: blocksText(body, numbers),
          section: section?.title ?? null,
        });
        break;
      }
    }
  });
  return { title, preamble, sections, articles };
}
