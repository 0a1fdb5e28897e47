import { Plugin, PluginKey } from 'prosemirror-state';
import { Decoration, DecorationSet } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';

/** Node types that show a hint while empty; the text comes from CSS (`--ph-<type>`), so it follows the UI language. */
const HINTED = new Set(['title', 'section', 'article_title']);

/** Whether an empty node deserves a hint: headings, and the first paragraph of an article. */
function wantsHint(node: Node, parent: Node | null, index: number): boolean {
  if (node.content.size > 0) return false;
  if (HINTED.has(node.type.name)) return true;
  return node.type.name === 'paragraph' && parent?.type.name === 'article' && index === 1;
}

/** Marks empty headings and an article's empty first paragraph with `is-empty` so CSS can show a hint. */
export function placeholderPlugin(): Plugin {
  return new Plugin({
    key: new PluginKey('amendo-placeholder'),
    props: {
      decorations(state) {
        const decorations: Decoration[] = [];
        state.doc.descendants((node, pos, parent, index) => {
          if (wantsHint(node, parent, index)) decorations.push(Decoration.node(pos, pos + node.nodeSize, { class: 'is-empty' }));
          return node.type.name === 'doc' || node.type.name === 'article';
        });
        return DecorationSet.create(state.doc, decorations);
      },
    },
  });
}
