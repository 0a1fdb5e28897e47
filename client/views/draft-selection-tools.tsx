/** The floating toolbar of the live draft: comment on the selected passage, or propose a change of its article. */
import type { RefObject } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import { TextSelection, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { useI18n } from '../i18n/index.js';
import { selectedPassage, type SelectedPassage } from '../editor/passage.js';
import { isToolbarShortcut, SelectionToolbar, TOOLBAR_SHORTCUT, type SelectionAction, type SelectionBox } from './selection-toolbar.js';

/** Keyboard shortcut commenting on the selected passage. */
export const COMMENT_SHORTCUT = 'Alt+C';
const isCommentShortcut = (event: KeyboardEvent) => event.altKey && !event.ctrlKey && !event.metaKey && event.code === 'KeyC';

/** What the reader asked to do with a passage from the toolbar. */
export type PassageAction = 'comment' | 'propose';

/** A passage handed from the toolbar to the article's discussion; `n` tells a repeated request from the last one. */
export interface PassageRequest {
  action: PassageAction;
  articleId: string;
  /** The quoted text (null when the selection cannot be quoted: a proposal then opens without it). */
  text: string | null;
  n: number;
}

interface DraftSelectionToolsProps {
  view: EditorView;
  state: EditorState;
  /** The positioned element holding the editor, where the toolbar floats. */
  container: RefObject<HTMLDivElement>;
  /** Whether this person may comment and propose now; otherwise nothing is offered. */
  canTakePart: boolean;
  onAction: (action: PassageAction, passage: SelectedPassage) => void;
}

/** The selection's box: from the start of its first line to the end of its last, in viewport coordinates. */
function selectionBox(view: EditorView, passage: SelectedPassage): SelectionBox | null {
  try {
    const start = view.coordsAtPos(passage.from, 1);
    const end = view.coordsAtPos(passage.to, -1);
    const oneLine = Math.abs(start.top - end.top) < 4;
    return oneLine ? { left: start.left, right: end.right, top: start.top, bottom: end.bottom } : { left: start.left, right: start.left, top: start.top, bottom: end.bottom };
  } catch {
    return null;
  }
}

/**
 * The editor's selection made to match the page's. The browser reports a keyboard selection's last moves a moment
 * later, after a shortcut may already have moved focus out of the text, when ProseMirror no longer listens.
 */
function catchUpSelection(view: EditorView): void {
  const selection = view.dom.ownerDocument.getSelection();
  if (!selection?.anchorNode || !selection.focusNode || !view.dom.contains(selection.anchorNode) || !view.dom.contains(selection.focusNode)) return;
  try {
    const anchor = view.posAtDOM(selection.anchorNode, selection.anchorOffset);
    const head = view.posAtDOM(selection.focusNode, selection.focusOffset);
    if (anchor !== view.state.selection.anchor || head !== view.state.selection.head) {
      view.dispatch(view.state.tr.setSelection(TextSelection.create(view.state.doc, anchor, head)));
    }
  } catch {
    // A selection in a widget (a margin marker) has no place in the document: keep the editor's.
  }
}

/**
 * Shows the selection toolbar while a passage of one article is selected and the draft (or the toolbar) has focus,
 * once the mouse button is up. Alt+C comments on the passage from the text, Alt+F10 moves focus to the toolbar,
 * Escape closes it; its arrival is announced with those keys.
 */
export function DraftSelectionTools({ view, state, container, canTakePart, onAction }: DraftSelectionToolsProps) {
  const { t } = useI18n();
  const toolbar = useRef<HTMLDivElement>(null);
  const [focused, setFocused] = useState(() => view.hasFocus());
  const [pressing, setPressing] = useState(false);
  const [dismissed, setDismissed] = useState<string | null>(null);
  const [announcement, setAnnouncement] = useState('');
  const [, setLayout] = useState(0);
  const passage = canTakePart ? selectedPassage(state) : null;
  const key = passage ? `${passage.from}:${passage.to}` : null;
  const shown = passage !== null && focused && !pressing && dismissed !== key;

  const latest = useRef({ passage, shown, onAction });
  latest.current = { passage, shown, onAction };

  // Focus anywhere in the draft or its toolbar counts; leaving both hides the toolbar.
  useEffect(() => {
    const box = container.current;
    if (!box) return;
    const update = () => setFocused(box.contains(document.activeElement));
    // On focusout the element receiving focus is not active yet.
    const later = () => setTimeout(update);
    const down = (event: PointerEvent) => event.button === 0 && view.dom.contains(event.target as Node) && setPressing(true);
    const up = () => setPressing(false);
    const resize = () => setLayout((n) => n + 1);
    box.addEventListener('focusin', update);
    box.addEventListener('focusout', later);
    box.addEventListener('pointerdown', down);
    window.addEventListener('pointerup', up);
    window.addEventListener('resize', resize);
    // The selection's box is read in viewport coordinates: scrolling (the page or the panel beside) moves it.
    window.addEventListener('scroll', resize, { passive: true, capture: true });
    return () => {
      window.removeEventListener('scroll', resize, { capture: true });
      box.removeEventListener('focusin', update);
      box.removeEventListener('focusout', later);
      box.removeEventListener('pointerdown', down);
      window.removeEventListener('pointerup', up);
      window.removeEventListener('resize', resize);
    };
  }, [view]);

  // The keys work from the text itself.
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      const current = latest.current;
      if (isCommentShortcut(event) || isToolbarShortcut(event)) catchUpSelection(view);
      const passage = canTakePart ? selectedPassage(view.state) : null;
      if (isCommentShortcut(event) && passage) {
        event.preventDefault();
        if (passage.text) current.onAction('comment', passage);
        else setAnnouncement(t('selection.oneParagraph'));
      } else if (isToolbarShortcut(event) && current.shown) {
        event.preventDefault();
        toolbar.current?.querySelector<HTMLElement>('button')?.focus();
      } else if (event.key === 'Escape' && current.shown) {
        event.preventDefault();
        setDismissed(`${current.passage!.from}:${current.passage!.to}`);
      }
    };
    view.dom.addEventListener('keydown', onKeyDown);
    return () => view.dom.removeEventListener('keydown', onKeyDown);
  }, [view, t, canTakePart]);

  // A new selection may bring the toolbar back.
  useEffect(() => {
    if (dismissed !== null && dismissed !== key) setDismissed(null);
  }, [key]);

  // Said once when the toolbar appears, not at every shift+arrow that grows the selection.
  useEffect(() => {
    setAnnouncement(shown ? t('selection.announce', { comment: COMMENT_SHORTCUT, toolbar: TOOLBAR_SHORTCUT }) : '');
  }, [shown]);

  const box = shown ? selectionBox(view, passage) : null;
  const actions: SelectionAction[] = [];
  if (passage?.text) actions.push({ label: t('selection.comment'), testid: 'selection-comment', shortcut: COMMENT_SHORTCUT, run: () => onAction('comment', passage) });
  if (passage) actions.push({ label: t('selection.propose'), testid: 'selection-propose', run: () => onAction('propose', passage) });

  return (
    <>
      <p class="visually-hidden" role="status" data-testid="selection-announcement">
        {announcement}
      </p>
      {box && (
        <SelectionToolbar
          container={container}
          toolbar={toolbar}
          box={box}
          actions={actions}
          note={passage?.text ? undefined : t('selection.oneParagraph')}
          onClose={() => {
            setDismissed(key);
            view.focus();
          }}
        />
      )}
    </>
  );
}
