import type { EditorState } from 'prosemirror-state';
import { TextLimit } from '../../shared/validation/limits.js';

/** A selection inside one article: the article, and the text a comment may quote when there is one. */
export interface SelectedPassage {
  articleId: string;
  /** Where the selection starts and ends in the document. */
  from: number;
  to: number;
  /** The selected text when it lies in a single text block and fits a quote; null otherwise. */
  text: string | null;
}

/** The non-empty text selection, if it lies inside a single article (null across articles, or outside any). */
export function selectedPassage(state: EditorState): SelectedPassage | null {
  const { $from, $to, empty, from, to } = state.selection;
  if (empty || $from.depth < 2 || $to.depth < 2 || $from.index(0) !== $to.index(0)) return null;
  const article = $from.node(1);
  if (article.type.name !== 'article' || !article.attrs.id) return null;
  const text = $from.sameParent($to) && $from.parent.isTextblock ? state.doc.textBetween(from, to, ' ').trim() : '';
  return { articleId: article.attrs.id as string, from, to, text: text && text.length <= TextLimit.quote ? text : null };
}
