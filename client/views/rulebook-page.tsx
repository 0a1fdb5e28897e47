import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { TextSelection, type EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { api, ApiError } from '../api.js';
import { describeError, useI18n } from '../i18n.js';
import { session } from '../session.js';
import { useStore } from '../store.js';
import { colourFor } from '../editor/cursors.js';
import { findNodeById, tableOfContents, type TocEntry } from '../editor/toc.js';
import { useDraftConnection } from './use-draft-connection.js';
import { DraftEditor } from './draft-editor.js';
import { TableOfContents } from './table-of-contents.js';
import { ConnectionIndicator, PresenceList } from './presence.js';
import { ImportPanel } from './import-panel.js';
import { MembersPanel } from './members-panel.js';
import type { Me, RulebookSummary } from '../../shared/types.js';

/** Scroll the article or section with this id into view; organisers also get the cursor at its start. */
function revealNode(view: EditorView, id: string): void {
  const pos = findNodeById(view.state.doc, id);
  if (pos === null) return;
  const dom = view.nodeDOM(pos);
  if (dom instanceof HTMLElement) dom.scrollIntoView({ behavior: 'smooth', block: 'start' });
  if (view.editable) {
    view.dispatch(view.state.tr.setSelection(TextSelection.near(view.state.doc.resolve(pos + 1))));
    view.focus();
  }
}

/** The draft, its contents, presence and tools, over one live connection (remounted when the person changes). */
function LiveDraft({ rulebook, me }: { rulebook: RulebookSummary; me: Me | null }) {
  const { t } = useI18n();
  const user = useMemo(
    () => ({ name: me?.displayName ?? t('presence.anonymous'), color: colourFor(me?.id ?? null) }),
    [me?.displayName, me?.id, t('presence.anonymous')],
  );
  const live = useDraftConnection(rulebook.slug, user, t('presence.anonymous'));
  const editable = rulebook.role === 'organiser';
  const view = useRef<EditorView | null>(null);
  const lastDoc = useRef<Node | null>(null);
  const [toc, setToc] = useState<TocEntry[]>([]);

  const onChange = useCallback((state: EditorState) => {
    if (state.doc === lastDoc.current) return;
    lastDoc.current = state.doc;
    setToc(tableOfContents(state.doc));
  }, []);
  const onView = useCallback((next: EditorView | null) => (view.current = next), []);

  return (
    <div class="rb-layout">
      <aside class="rb-sidebar">
        <TableOfContents entries={toc} onSelect={(id) => view.current && revealNode(view.current, id)} />
      </aside>
      <div class="rb-main">
        <div class="rb-statusbar">
          <ConnectionIndicator status={live.status} />
          <PresenceList peers={live.peers} />
        </div>
        {!editable && (
          <p class="banner" role="note" data-testid="read-only-banner">
            {t('rulebook.readOnly')}
            {me === null && (
              <>
                {' '}
                <a href={`/signin?next=${encodeURIComponent(`/r/${rulebook.slug}`)}`}>{t('rulebook.readOnlySignIn')}</a>
              </>
            )}
          </p>
        )}
        {live.closedReason ? (
          <p class="form-error" role="alert">
            {t('rulebook.closed', { reason: live.closedReason })}
          </p>
        ) : live.synced && live.connection ? (
          <DraftEditor connection={live.connection} editable={editable} title={rulebook.title} onView={onView} onChange={onChange} />
        ) : (
          <div class="draft-loading" aria-busy="true" data-testid="editor-loading">
            <span class="spinner" aria-hidden="true" />
            {t('rulebook.connecting')}
          </div>
        )}
        {editable && (
          <section class="organiser-panel" aria-labelledby="organiser-heading" data-testid="organiser-panel">
            <h2 id="organiser-heading">{t('organiser.title')}</h2>
            <details>
              <summary>{t('import.title')}</summary>
              <ImportPanel slug={rulebook.slug} />
            </details>
            <details>
              <summary>{t('members.title')}</summary>
              <MembersPanel slug={rulebook.slug} />
            </details>
          </section>
        )}
      </div>
    </div>
  );
}

/** `/r/:slug`: the live draft of one rulebook, editable by its organisers, readable by everyone. */
export function RulebookPage() {
  const { t } = useI18n();
  const { params } = useRoute();
  const slug = params.slug ?? '';
  const me = useStore(session);
  const [rulebook, setRulebook] = useState<RulebookSummary | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    if (me === undefined) return;
    let current = true;
    setError(null);
    api.getRulebook(slug).then(
      (found) => current && setRulebook(found),
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [slug, me?.id, me === undefined]);

  useEffect(() => {
    if (rulebook) document.title = `${rulebook.title} · ${t('app.name')}`;
  }, [rulebook?.title]);

  if (error) {
    const missing = error instanceof ApiError && (error.status === 404 || error.status === 400);
    return (
      <section class="narrow">
        <h1>{missing ? t('rulebook.notFound') : describeError(t, error)}</h1>
        <p>
          <a href="/">{t('notFound.back')}</a>
        </p>
      </section>
    );
  }
  if (!rulebook || rulebook.slug !== slug || me === undefined) {
    return (
      <p class="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  return <LiveDraft key={`${slug}/${me?.id ?? 'reader'}/${rulebook.role ?? ''}`} rulebook={rulebook} me={me} />;
}
