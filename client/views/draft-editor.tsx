import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { undoCommand } from 'y-prosemirror';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import { createDraftView } from '../editor/setup.js';
import type { DraftConnection } from '../editor/collab.js';
import { useI18n } from '../i18n/index.js';
import { draftTools, Toolbar } from './toolbar.js';
import type { SelectedPassage } from '../editor/passage.js';
import { DraftSelectionTools, type PassageAction } from './draft-selection-tools.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import { setAmendmentsInPlace } from '../editor/amendments-in-place-plugin.js';
import { inPlaceLabels, InPlaceToggle, shownInPlace, useInPlaceMode } from './amendments-in-place.js';
import { InPlacePopover, type OpenedInPlace } from './amendments-in-place-popover.js';
import { useDebate } from './debate-context.js';
import { articleRefsKey, refreshArticleRefs } from '../editor/article-refs-plugin.js';
import { referencedRemovalKey, type Removal } from '../editor/referenced-removal-plugin.js';
import { insertArticleRef, openReferencePicker } from '../editor/commands.js';
import { revealNode, tableOfContents } from '../editor/toc.js';
import { ArticleRefPicker } from './article-ref-picker.js';
import { RemovedReferencesNotice } from './article-ref-notice.js';

interface DraftEditorProps {
  connection: DraftConnection;
  editable: boolean;
  title: string;
  /** Receives the view once mounted, and null when it goes. */
  onView: (view: EditorView | null) => void;
  onChange: (state: EditorState) => void;
  /** Open the discussion of an article (its margin marker was pressed). */
  onOpenArticle: (articleId: string) => void;
  /** Whether the floating toolbar offers to comment and propose on a selected passage. */
  canTakePart: boolean;
  onPassageAction: (action: PassageAction, passage: SelectedPassage) => void;
  /** The rulebook's amendments (refreshed live); the open ones are drawn in the text as the reader chooses. */
  amendments: Amendment[] | null;
}

/** CSS strings for the placeholders and the margin label, so they follow the interface language. */
function hintStyle(t: ReturnType<typeof useI18n>['t']): Record<string, string> {
  const css = (text: string) => JSON.stringify(text);
  return {
    '--label-article': css(t('editor.articleLabel')),
    '--ph-title': css(t('editor.titlePlaceholder')),
    '--ph-section': css(t('editor.sectionPlaceholder')),
    '--ph-article-title': css(t('editor.articleTitlePlaceholder')),
    '--ph-paragraph': css(t('editor.paragraphPlaceholder')),
  };
}

/**
 * The ProseMirror editor bound to the shared draft, with the formatting toolbar for organisers, for everyone who may
 * take part the floating toolbar by a selected passage, and open amendments drawn in the text (off, mine or all)
 * with the details of one opened from its change. Mount only once synced.
 */
export function DraftEditor({ connection, editable, title, onView, onChange, onOpenArticle, canTakePart, onPassageAction, amendments }: DraftEditorProps) {
  const { t, tn, lang } = useI18n();
  const mount = useRef<HTMLDivElement>(null);
  const frame = useRef<HTMLDivElement>(null);
  const [view, setView] = useState<EditorView | null>(null);
  const [state, setState] = useState<EditorState | null>(null);
  const translate = useRef(t);
  translate.current = t;
  const translatePlural = useRef(tn);
  translatePlural.current = tn;
  const changed = useRef(onChange);
  changed.current = onChange;
  const open = useRef(onOpenArticle);
  open.current = onOpenArticle;
  const language = useRef(lang);
  language.current = lang;
  const { me } = useDebate();
  const [mode, setMode] = useInPlaceMode(me !== null);
  const shown = useMemo(() => shownInPlace(amendments, mode), [amendments, mode]);
  const [opened, setOpened] = useState<OpenedInPlace | null>(null);
  const openedAmendment = opened && amendments?.find((a) => a.id === opened.amendmentId && a.status === 'open' && shown.some((s) => s.id === a.id));
  const [picking, setPicking] = useState(false);
  const tools = useMemo(() => draftTools(openReferencePicker(() => setPicking(true))), []);
  const [dismissed, setDismissed] = useState<Removal | null>(null);

  useEffect(() => {
    const created = createDraftView(mount.current!, {
      fragment: connection.fragment,
      awareness: connection.provider.awareness,
      editable,
      anonymousName: () => translate.current('presence.anonymous'),
      onChange: (next) => {
        setState(next);
        changed.current(next);
      },
      markers: {
        labels: () => ({
          describe: (n, figures) =>
            translate.current('markers.label', {
              n,
              comments: translatePlural.current('markers.comments', figures.comments),
              amendments: translatePlural.current('markers.amendments', figures.amendments),
            }),
        }),
        language: () => language.current,
        onOpen: (id) => open.current(id),
      },
      inPlace: {
        labels: () => inPlaceLabels(translate.current),
        onOpen: (amendmentId, anchor, byKeyboard) => setOpened({ amendmentId, anchor, byKeyboard }),
      },
      references: {
        labels: () => ({ removed: (text) => translate.current('references.removedTitle', { text }) }),
        openPicker: () => setPicking(true),
      },
    });
    setView(created);
    onView(created);
    return () => {
      onView(null);
      created.destroy();
    };
  }, [connection, editable]);

  useEffect(() => {
    view?.dom.setAttribute('aria-label', t('editor.label', { title }));
  }, [view, t('editor.label', { title })]);

  useEffect(() => {
    if (view) setAmendmentsInPlace(view, shown, lang);
  }, [view, shown, lang]);

  // A removed reference's title is in the interface language.
  useEffect(() => {
    if (view) refreshArticleRefs(view);
  }, [view, lang]);

  // Details whose amendment is no longer shown (decided, withdrawn, or filtered out) close.
  useEffect(() => {
    if (opened && !openedAmendment) setOpened(null);
  }, [opened, openedAmendment]);

  // Focus goes back to the change's button; once the amendment is decided, its change goes, so to the text.
  const closeDetails = (returnFocus: 'change' | 'text' | null) => {
    const anchor = opened?.anchor;
    setOpened(null);
    if (returnFocus === 'change' && anchor?.isConnected) anchor.focus();
    else if (returnFocus === 'text') view?.focus();
  };

  // Focus goes back to the text once the dialog or the notice is gone (a modal dialog keeps it out until then).
  const backToText = () => setTimeout(() => view && !view.isDestroyed && view.focus());
  const closePicker = () => {
    setPicking(false);
    backToText();
  };
  const watched = state && referencedRemovalKey.getState(state);
  const removal = watched?.removal;
  const numbers = state && articleRefsKey.getState(state)?.numbers;
  // Shown until dismissed, or until the removed articles are back (undone).
  const notice = removal && removal !== dismissed && removal.articles.some((a) => !numbers?.has(a.id)) ? removal : null;

  return (
    <div class={`draft${editable ? ' is-editable' : ' is-readonly'}`} style={hintStyle(t)} ref={frame}>
      {editable && view && state && <Toolbar view={view} state={state} groups={tools} />}
      {amendments?.some((a) => a.status === 'open') && <InPlaceToggle mode={mode} signedIn={me !== null} shown={shown.length} onChange={setMode} />}
      <div class="draft-paper" ref={mount} />
      {opened && openedAmendment && <InPlacePopover key={opened.amendmentId} amendment={openedAmendment} opened={opened} container={frame} onClose={closeDetails} />}
      {picking && view && state && (
        <ArticleRefPicker
          articles={tableOfContents(state.doc).flatMap((e) => (e.kind === 'article' ? [e] : []))}
          onChoose={(article) => {
            insertArticleRef(article.id, String(article.number))(view.state, view.dispatch);
            closePicker();
          }}
          onClose={closePicker}
        />
      )}
      {view && notice && (
        <RemovedReferencesNotice
          key={notice.edit}
          articles={notice.articles}
          canUndo={notice.edit === watched?.edits}
          onUndo={() => {
            undoCommand(view.state, view.dispatch);
            setDismissed(notice);
            backToText();
          }}
          onReveal={(id) => revealNode(view, id)}
          onDismiss={() => {
            setDismissed(notice);
            backToText();
          }}
        />
      )}
      {view && state && <DraftSelectionTools view={view} state={state} container={frame} canTakePart={canTakePart} onAction={onPassageAction} />}
    </div>
  );
}
