import { EditorState, type Plugin } from 'prosemirror-state';
import { EditorView } from 'prosemirror-view';
import { baseKeymap, toggleMark } from 'prosemirror-commands';
import { keymap } from 'prosemirror-keymap';
import { dropCursor } from 'prosemirror-dropcursor';
import { gapCursor } from 'prosemirror-gapcursor';
import { liftListItem, sinkListItem, splitListItem } from 'prosemirror-schema-list';
import { redoCommand, undoCommand, yCursorPlugin, ySyncPlugin, yUndoPlugin } from 'y-prosemirror';
import type { Awareness } from 'y-protocols/awareness';
import type * as Y from 'yjs';
import { rulebookSchema } from '../../shared/schema.js';
import { idsPlugin } from './ids-plugin.js';
import { placeholderPlugin } from './placeholder-plugin.js';
import { buildCursor, buildSelection } from './cursors.js';
import { insertArticle, openReferencePicker } from './commands.js';
import { markersPlugin, type MarkerLabels } from './markers-plugin.js';
import { anchorsPlugin } from './anchors-plugin.js';
import { readOnlyPlugin } from './read-only-plugin.js';
import { amendmentsInPlacePlugin, type InPlaceLabels } from './amendments-in-place-plugin.js';
import { articleRefsPlugin, type RefLabels } from './article-refs-plugin.js';
import { referencedRemovalPlugin } from './referenced-removal-plugin.js';

const { marks, nodes } = rulebookSchema;

/** What the draft editor needs: the shared fragment, presence, and whether this person may write. */
export interface DraftEditorOptions {
  fragment: Y.XmlFragment;
  awareness: Awareness;
  editable: boolean;
  /** Name shown for collaborators who did not give one. */
  anonymousName: () => string;
  /** Called after every state change (for the table of contents and the toolbar). */
  onChange: (state: EditorState) => void;
  /** The debate markers beside article numbers: their words, and what pressing one does. */
  markers: { labels: () => MarkerLabels; language: () => string; onOpen: (articleId: string) => void };
  /** Open amendments drawn as tracked changes: their words, and what pressing one does. */
  inPlace: { labels: () => InPlaceLabels; onOpen: (amendmentId: string, anchor: HTMLElement, byKeyboard: boolean) => void };
  /** References to articles: their words, and (organisers) opening the picker of the article to refer to. */
  references: { labels: () => RefLabels; openPicker: () => void };
}

/** The key that opens the picker of an article to refer to (Ctrl+Alt+R in the toolbar's tooltip). */
const REFERENCE_SHORTCUT = 'Mod-Alt-r';

/**
 * The awareness the cursor plugin writes to: a reader's own selection is for quoting, not for showing to everyone,
 * so their `cursor` field is never set (they still see the organisers' cursors).
 */
function cursorAwareness(options: DraftEditorOptions): Awareness {
  if (options.editable) return options.awareness;
  return new Proxy(options.awareness, {
    get(target, property) {
      if (property === 'setLocalStateField') {
        return (field: string, value: unknown) => (field === 'cursor' ? undefined : target.setLocalStateField(field, value));
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

function draftPlugins(options: DraftEditorOptions): Plugin[] {
  const listItem = nodes.list_item;
  return [
    ...(options.editable ? [] : [readOnlyPlugin()]),
    // Before the sync plugin: it closes the undo step in progress before that plugin writes a removal to Yjs.
    ...(options.editable ? [referencedRemovalPlugin()] : []),
    ySyncPlugin(options.fragment),
    yCursorPlugin(cursorAwareness(options), {
      cursorBuilder: (user: { name?: unknown; color?: unknown }) => buildCursor(user, options.anonymousName()),
      selectionBuilder: buildSelection,
    }),
    yUndoPlugin(),
    idsPlugin(),
    placeholderPlugin(),
    markersPlugin(options.markers),
    anchorsPlugin(),
    amendmentsInPlacePlugin(options.inPlace),
    articleRefsPlugin({ labels: options.references.labels }),
    ...(options.editable ? [keymap({ [REFERENCE_SHORTCUT]: openReferencePicker(options.references.openPicker) })] : []),
    keymap({
      'Mod-z': undoCommand,
      'Mod-y': redoCommand,
      'Mod-Shift-z': redoCommand,
      'Mod-b': toggleMark(marks.strong),
      'Mod-i': toggleMark(marks.em),
      'Mod-Alt-Enter': insertArticle,
      Enter: splitListItem(listItem),
      Tab: sinkListItem(listItem),
      'Shift-Tab': liftListItem(listItem),
    }),
    keymap(baseKeymap),
    dropCursor(),
    gapCursor(),
  ];
}

/**
 * Mount the rulebook editor bound to the shared draft. Call only once the provider has synced, so the empty local
 * document is never mistaken for the draft and pushed to the server.
 */
export function createDraftView(mount: HTMLElement, options: DraftEditorOptions): EditorView {
  const view = new EditorView(mount, {
    state: EditorState.create({ schema: rulebookSchema, plugins: draftPlugins(options) }),
    // Readers get an editable host too, for the caret and keyboard selection; the read-only plugin refuses every
    // change and these attributes tell assistive technology and phones (no on-screen keyboard) that it is read-only.
    editable: () => true,
    attributes: options.editable
      ? { 'data-testid': 'editor', spellcheck: 'true' }
      : { 'data-testid': 'editor', spellcheck: 'false', role: 'textbox', 'aria-multiline': 'true', 'aria-readonly': 'true', inputmode: 'none' },
    // `this`, not `view`: the sync plugin dispatches its first render while the view is still being constructed.
    // y-prosemirror also flushes queued cursor updates on a timer, which can land after the view is destroyed.
    dispatchTransaction(this: EditorView, tr) {
      if (this.isDestroyed) return;
      this.updateState(this.state.apply(tr));
      options.onChange(this.state);
    },
  });
  options.onChange(view.state);
  return view;
}
