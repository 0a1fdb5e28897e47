import { TextSelection, type Command, type EditorState } from 'prosemirror-state';
import type { MarkType, NodeType } from 'prosemirror-model';
import { liftListItem, wrapInList } from 'prosemirror-schema-list';
import { rulebookSchema } from '../../shared/schema.js';
import { newNodeId } from '../../shared/doc/ids.js';

const { nodes } = rulebookSchema;

/**
 * Where a new top-level node may go near the selection: `before` or after the top-level node that holds it, but
 * never between the title and the preamble (articles and sections come after both).
 */
function topLevelPosition(state: EditorState, where: 'before' | 'after'): number {
  const { doc, selection } = state;
  const index = Math.min(selection.$from.index(0), doc.childCount - 1);
  let firstBodyIndex = 1;
  if (doc.childCount > 1 && doc.child(1).type === nodes.preamble) firstBodyIndex = 2;
  let pos = 0;
  const target = index < firstBodyIndex ? firstBodyIndex : where === 'before' ? index : index + 1;
  for (let i = 0; i < target; i++) pos += doc.child(i).nodeSize;
  return pos;
}

/** Insert a new empty article after the one holding the selection, with the cursor in its title. */
export const insertArticle: Command = (state, dispatch) => {
  const pos = topLevelPosition(state, 'after');
  const article = nodes.article.create({ id: newNodeId('article') }, [nodes.article_title.create(), nodes.paragraph.create()]);
  if (dispatch) {
    const tr = state.tr.insert(pos, article);
    dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 2)).scrollIntoView());
  }
  return true;
};

/** Insert a section heading before the article holding the selection, with the cursor in it. */
export const insertSection: Command = (state, dispatch) => {
  const pos = topLevelPosition(state, 'before');
  if (dispatch) {
    const tr = state.tr.insert(pos, nodes.section.create({ id: newNodeId('section') }));
    dispatch(tr.setSelection(TextSelection.create(tr.doc, pos + 1)).scrollIntoView());
  }
  return true;
};

/** Whether the selection sits inside a list of this type. */
export function inList(state: EditorState, listType: NodeType): boolean {
  const { $from } = state.selection;
  for (let depth = $from.depth; depth > 0; depth--) if ($from.node(depth).type === listType) return true;
  return false;
}

/** Turn the selected paragraphs into a list of this type, or lift them out of it. */
export function toggleList(listType: NodeType): Command {
  return (state, dispatch) =>
    inList(state, listType) ? liftListItem(nodes.list_item)(state, dispatch) : wrapInList(listType)(state, dispatch);
}

/** Whether a mark is active at the cursor or over the whole selection. */
export function markActive(state: EditorState, type: MarkType): boolean {
  const { from, to, empty, $from } = state.selection;
  if (empty) return !!type.isInSet(state.storedMarks ?? $from.marks());
  return state.doc.rangeHasMark(from, to, type);
}

/** Whether a reference to an article may go at the selection (article text or the preamble, not a title). */
export function canReference(state: EditorState): boolean {
  const { $from } = state.selection;
  return $from.parent.inlineContent && $from.parent.canReplaceWith($from.index(), $from.index(), nodes.article_ref);
}

/**
 * Replace the selection with a reference to the article `target`, reading "article <label>" where it is gone; the
 * number shown is always the article's current one, drawn by the references plugin.
 */
export function insertArticleRef(target: string, label: string): Command {
  return (state, dispatch) => {
    if (!canReference(state)) return false;
    if (dispatch) dispatch(state.tr.replaceSelectionWith(nodes.article_ref.create({ target, word: 'article', label }), false).scrollIntoView());
    return true;
  };
}

/** A command that, where a reference may go, calls `open` (the picker of the article to refer to). */
export function openReferencePicker(open: () => void): Command {
  return (state, dispatch) => {
    if (!canReference(state)) return false;
    if (dispatch) open();
    return true;
  };
}
