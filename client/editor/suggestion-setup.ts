/** The suggestion editor: a member's own copy of one article, edited locally, its changes tracked live. */
import { EditorState, Plugin, TextSelection, type Command } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { baseKeymap, chainCommands, toggleMark } from 'prosemirror-commands';
import { history, redo, undo } from 'prosemirror-history';
import { keymap } from 'prosemirror-keymap';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import type { Node } from 'prosemirror-model';
import { rulebookSchema } from '../../shared/schema.js';
import { placeholderPlugin } from './placeholder-plugin.js';
import { trackedChangesPlugin } from './tracked-changes-plugin.js';
import { articleParts, isSuggestionDoc, type ArticleWording } from './suggestion-doc.js';
import { articleRefsPlugin } from './article-refs-plugin.js';

const { marks, nodes } = rulebookSchema;

/**
 * Keeps the copy a single article: a change that would remove it, add another or touch the hidden rulebook title
 * is refused, and a caret that lands in that title (arrow up from the article's) goes back to the article.
 */
function oneArticlePlugin(): Plugin {
  return new Plugin({
    filterTransaction: (tr) => !tr.docChanged || isSuggestionDoc(tr.doc),
    appendTransaction: (_, __, state) => {
      const hidden = state.doc.child(0).nodeSize;
      if (state.selection.from >= hidden) return null;
      return state.tr.setSelection(TextSelection.near(state.doc.resolve(hidden + 2)));
    },
  });
}

/** Enter in the article's title goes on to its text (a title holds one line; the body is already there). */
const enterFromTitle: Command = (state, dispatch) => {
  const { $head } = state.selection;
  if ($head.parent.type !== nodes.article_title) return false;
  if (dispatch) dispatch(state.tr.setSelection(TextSelection.near(state.doc.resolve($head.after()))).scrollIntoView());
  return true;
};

/** Mod-a selects the article's text: its body, or its title when the caret is there (never the hidden rulebook title). */
export const selectArticleText: Command = (state, dispatch) => {
  const { titleAt, bodyAt } = articleParts(state.doc);
  const [from, to] = state.selection.head < bodyAt ? [titleAt + 1, bodyAt - 1] : [bodyAt, state.doc.content.size - 1];
  if (dispatch) dispatch(state.tr.setSelection(TextSelection.between(state.doc.resolve(from), state.doc.resolve(to))));
  return true;
};

interface SuggestionViewOptions {
  doc: Node;
  /** The wording the changes are tracked against, or null for a new article (everything in it is new). */
  base: ArticleWording | null;
  /** The editor's accessible name. */
  label: string;
  onChange: (state: EditorState) => void;
}

/** Mount the suggestion editor: bold, italic and list keys as in the draft, local undo, tracked changes. */
export function createSuggestionView(mount: HTMLElement, options: SuggestionViewOptions): EditorView {
  const listItem = nodes.list_item!;
  const plugins = [
    oneArticlePlugin(),
    history(),
    keymap({
      'Mod-z': undo,
      'Mod-y': redo,
      'Mod-Shift-z': redo,
      'Mod-a': selectArticleText,
      'Mod-b': toggleMark(marks.strong!),
      'Mod-i': toggleMark(marks.em!),
      Enter: chainCommands(enterFromTitle, splitListItem(listItem)),
      Tab: sinkListItem(listItem),
      'Shift-Tab': liftListItem(listItem),
    }),
    keymap(baseKeymap),
    placeholderPlugin(),
    // The numbers of the live draft: the copy holds only this article, and its references name others.
    articleRefsPlugin('live-draft'),
    ...(options.base ? [trackedChangesPlugin(options.base)] : []),
  ];
  const view = new EditorView(mount, {
    // The caret starts at the article's title: the document's first position is in the hidden rulebook title.
    state: EditorState.create({ doc: options.doc, plugins, selection: TextSelection.create(options.doc, options.doc.child(0).nodeSize + 2) }),
    attributes: { 'data-testid': 'suggestion-editor', role: 'textbox', 'aria-multiline': 'true', 'aria-label': options.label, spellcheck: 'true' },
    dispatchTransaction(this: EditorView, tr) {
      this.updateState(this.state.apply(tr));
      options.onChange(this.state);
    },
  });
  options.onChange(view.state);
  return view;
}
