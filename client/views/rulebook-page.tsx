import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useLocation, useRoute } from 'preact-iso';
import type { EditorState } from 'prosemirror-state';
import type { EditorView } from 'prosemirror-view';
import type { Node } from 'prosemirror-model';
import { api, ApiError } from '../api.js';
import { describeError, useI18n } from '../i18n/index.js';
import { session } from '../session.js';
import { useStore } from '../store.js';
import { colourFor } from '../editor/cursors.js';
import { revealNode, tableOfContents, type TocEntry } from '../editor/toc.js';
import { useDraftConnection } from './use-draft-connection.js';
import { DraftEditor } from './draft-editor.js';
import { ProvenanceText, ProvenanceToggle } from './provenance-text.js';
import { TableOfContents } from './table-of-contents.js';
import { ConnectionIndicator, PresenceList } from './presence.js';
import { ImportPanel } from './import-panel.js';
import { MembersPanel } from './members-panel.js';
import type { Me, RulebookSummary } from '../../shared/validation/api.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import { RulebookEventsContext, useRulebookEvent, useRulebookEventsChannel } from '../events.js';
import { consultationAt, useNow } from '../format.js';
import { setMarkers, type ArticleFigures } from '../editor/markers-plugin.js';
import { setAnchors, type AnchorSpan } from '../editor/anchors-plugin.js';
import { selectedPassage, type SelectedPassage } from '../editor/passage.js';
import type { PassageAction, PassageRequest } from './draft-selection-tools.js';
import { DebateContext, rulebookHref, useDebate, type ArticleRef, type Debate, type RulebookTab } from './debate-context.js';
import { RulebookHeader, RulebookTabs } from './rulebook-header.js';
import { ArticlePanel } from './article-panel.js';
import { AmendmentsTab } from './amendments-tab.js';
import { AmendmentDetailView } from './amendment-detail.js';
import { CompareAmendmentsView } from './compare-amendments.js';
import { HistoryTab } from './history-tab.js';
import { ReleasesTab } from './releases-tab.js';
import { ReleasePage } from './release-page.js';
import { VersionDiffPage } from './version-diff-page.js';
import { PdfLink } from './release-bits.js';
import { OfficialDriftBanner } from './official-drift-banner.js';
import { feedHref, pdfHref } from '../api.js';
import { useResource } from './use-resource.js';

interface LiveDraftProps {
  rulebook: RulebookSummary;
  me: Me | null;
  /** The article whose discussion is open. */
  selectedId: string | null;
  onSelect: (articleId: string | null) => void;
  onArticles: (articles: ArticleRef[]) => void;
  figures: Record<string, ArticleFigures>;
  amendments: Amendment[] | null;
  onAmendmentsChanged: () => void;
  /** The official release's version, if one is official. */
  official: string | null;
}

/** The draft, its contents, presence and tools, over one live connection, with the discussion panel of an article. */
function LiveDraft({ rulebook, me, selectedId, onSelect, onArticles, figures, amendments, onAmendmentsChanged, official }: LiveDraftProps) {
  const { t, lang } = useI18n();
  const user = useMemo(
    () => ({ name: me?.displayName ?? t('presence.anonymous'), color: colourFor(me?.id ?? null) }),
    [me?.displayName, me?.id, t('presence.anonymous')],
  );
  const live = useDraftConnection(rulebook.slug, user, t('presence.anonymous'));
  const editable = rulebook.role === 'organiser';
  const { canTakePart } = useDebate();
  const view = useRef<EditorView | null>(null);
  const [editorView, setEditorView] = useState<EditorView | null>(null);
  const lastDoc = useRef<Node | null>(null);
  const [toc, setToc] = useState<TocEntry[]>([]);
  const [passage, setPassage] = useState<SelectedPassage | null>(null);
  const [request, setRequest] = useState<PassageRequest | null>(null);
  const [revision, setRevision] = useState(0);
  const [showOrigin, setShowOrigin] = useState(false);
  const articlesChanged = useRef(onArticles);
  articlesChanged.current = onArticles;

  const onChange = useCallback((state: EditorState) => {
    const found = selectedPassage(state);
    const next = found?.text ? found : null;
    setPassage((previous) => (previous?.text === next?.text && previous?.articleId === next?.articleId ? previous : next));
    if (state.doc === lastDoc.current) return;
    lastDoc.current = state.doc;
    setRevision((n) => n + 1);
    const entries = tableOfContents(state.doc);
    setToc(entries);
    articlesChanged.current(entries.flatMap((e) => (e.kind === 'article' ? [{ id: e.id, number: e.number, title: e.title }] : [])));
  }, []);
  const onView = useCallback((next: EditorView | null) => {
    view.current = next;
    setEditorView(next);
  }, []);

  // The marker to focus once redrawn (after its panel closed); widgets are rebuilt when the selection changes.
  const focusMarker = useRef<string | null>(null);

  // The markers plugin draws from its own state: hand it the figures and the open article whenever they change.
  useEffect(() => {
    if (!editorView) return;
    setMarkers(editorView, { figures, selected: selectedId });
    const id = focusMarker.current;
    focusMarker.current = null;
    if (id) editorView.dom.querySelector<HTMLElement>(`[data-testid="article-marker"][data-article-id="${CSS.escape(id)}"]`)?.focus({ preventScroll: true });
  }, [editorView, figures, selectedId, lang]);

  const article = selectedId ? toc.find((e): e is Extract<TocEntry, { kind: 'article' }> => e.kind === 'article' && e.id === selectedId) : undefined;
  const showAnchors = useCallback((spans: AnchorSpan[]) => view.current && setAnchors(view.current, spans), []);
  const currentDoc = useCallback(() => view.current?.state.doc ?? null, []);
  // Nothing stays highlighted once the discussion is closed.
  useEffect(() => {
    if (!selectedId && editorView) setAnchors(editorView, []);
  }, [editorView, selectedId]);
  // A passage sent to one article's discussion is not offered again once the reader goes to another, or closes it.
  useEffect(() => setRequest((last) => (last?.articleId === selectedId ? last : null)), [selectedId]);
  // The floating toolbar opens the article's discussion on the passage: its comment form, or the change form.
  const onPassageAction = useCallback(
    (action: PassageAction, selected: SelectedPassage) => {
      setRequest((last) => ({ action, articleId: selected.articleId, text: selected.text, n: (last?.n ?? 0) + 1 }));
      if (selected.articleId !== selectedId) onSelect(selected.articleId);
    },
    [selectedId, onSelect],
  );
  const close = () => {
    // Give focus back to the marker that opened the panel.
    focusMarker.current = selectedId;
    onSelect(null);
  };

  return (
    <div class={`rb-layout${article ? ' has-panel' : ''}`}>
      <aside class="rb-sidebar">
        <TableOfContents entries={toc} onSelect={(id) => view.current && revealNode(view.current, id)} />
      </aside>
      <div class="rb-main">
        <div class="rb-statusbar">
          <ConnectionIndicator status={live.status} />
          <PresenceList peers={live.peers} />
          <PdfLink
            href={pdfHref.draft(rulebook.slug)}
            filename={`${rulebook.slug}-draft.pdf`}
            text={t('draft.downloadPdf')}
            testid="download-draft-pdf"
            small
          />
          <ProvenanceToggle on={showOrigin} onChange={setShowOrigin} />
        </div>
        {!editable && (
          <p class="banner" role="note" data-testid="read-only-banner">
            {t('rulebook.readOnly')} {t('debate.markersHint')}
            {me === null && (
              <>
                {' '}
                <a href={`/signin?next=${encodeURIComponent(`/r/${rulebook.slug}`)}`}>{t('rulebook.readOnlySignIn')}</a>
              </>
            )}
          </p>
        )}
        <OfficialDriftBanner slug={rulebook.slug} official={official} revision={revision} />
        {showOrigin ? (
          <ProvenanceText slug={rulebook.slug} version="draft" />
        ) : live.closedReason ? (
          <p class="form-error" role="alert">
            {t('rulebook.closed', { reason: live.closedReason })}
          </p>
        ) : live.synced && live.connection ? (
          <DraftEditor
            connection={live.connection}
            editable={editable}
            title={rulebook.title}
            onView={onView}
            onChange={onChange}
            onOpenArticle={(id) => onSelect(id === selectedId ? null : id)}
            canTakePart={canTakePart}
            onPassageAction={onPassageAction}
            amendments={amendments}
          />
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
      {article && (
        <div class="rb-panel-slot">
          <ArticlePanel
            article={{ id: article.id, number: article.number, title: article.title }}
            amendments={amendments}
            onAmendmentsChanged={onAmendmentsChanged}
            selection={passage?.articleId === article.id ? passage.text : null}
            request={request?.articleId === article.id ? request : null}
            onAnchors={showAnchors}
            draftDoc={currentDoc}
            onClose={close}
          />
        </div>
      )}
    </div>
  );
}

const TABS: readonly string[] = ['amendments', 'history', 'releases'] satisfies RulebookTab[];

/** The debate around one rulebook: header, tabs, the live draft with its panel, amendments, releases and history. */
function RulebookDebate({ rulebook, me, onRulebook, reloadRulebook }: { rulebook: RulebookSummary; me: Me | null; onRulebook: (next: RulebookSummary) => void; reloadRulebook: () => void }) {
  const { params } = useRoute();
  const { query, route, path } = useLocation();
  const { t } = useI18n();
  const slug = rulebook.slug;
  const amendmentId = params.id ?? null;
  const version = params.version ?? null;
  const comparing = /^\/r\/[^/]+\/diff\/?$/.test(path);
  const tab: RulebookTab =
    amendmentId ? 'amendments' : version || comparing ? 'releases' : TABS.includes(query.tab ?? '') ? (query.tab as RulebookTab) : 'draft';
  const selectedId = tab === 'draft' ? (query.article ?? null) : null;
  const now = useNow(30_000);
  useEffect(() => {
    const part = version ? t('releases.version', { version }) : comparing ? t('diff.pageTitle') : null;
    document.title = [part, rulebook.title, t('app.name')].filter(Boolean).join(' · ');
  }, [rulebook.title, version, comparing, t('app.name')]);
  const [articles, setArticles] = useState<ArticleRef[]>([]);

  const amendments = useResource(() => api.listAmendments(slug, { sort: 'recent' }), [slug, me?.id]);
  const counts = useResource(() => api.commentCounts(slug), [slug]);
  const releases = useResource(() => api.listReleases(slug), [slug]);
  useRulebookEvent((signal) => {
    if ((signal.type === 'rulebook.changed' && signal.change === 'releases') || signal.type === 'resync') releases.reload();
    if (signal.type === 'amendment.changed' || signal.type === 'resync') amendments.reload();
    if (signal.type === 'comment.changed' || signal.type === 'resync') counts.reload();
    if (signal.type === 'rulebook.changed' || signal.type === 'resync') reloadRulebook();
  });

  const figures = useMemo(() => {
    const result: Record<string, ArticleFigures> = {};
    const entry = (id: string) => (result[id] ??= { comments: 0, amendments: 0 });
    for (const [id, n] of Object.entries(counts.data?.counts ?? {})) entry(id).comments = n;
    for (const amendment of amendments.data ?? []) {
      if (amendment.status !== 'open') continue;
      const id = amendment.kind === 'insert' ? amendment.afterArticleId : amendment.articleId;
      if (id) entry(id).amendments++;
    }
    return result;
  }, [counts.data, amendments.data]);

  const consultation = consultationAt(rulebook, now);
  const isOrganiser = rulebook.role === 'organiser';
  const debate = useMemo<Debate>(() => {
    const numbers = new Map(articles.map((a) => [a.id, a.number]));
    const amendmentIds = new Map((amendments.data ?? []).filter((a) => a.number > 0).map((a) => [a.number, a.id]));
    return {
      slug,
      rulebook,
      me,
      isOrganiser,
      consultation,
      canTakePart: me !== null && (isOrganiser || consultation === 'open'),
      articles,
      numberOf: (id) => (id ? (numbers.get(id) ?? null) : null),
      amendmentHref: (n) => {
        const id = amendmentIds.get(n);
        return id ? rulebookHref(slug, { amendment: id }) : null;
      },
    };
  }, [slug, rulebook, me, isOrganiser, consultation, articles, amendments.data]);

  const select = useCallback(
    (articleId: string | null) => route(rulebookHref(slug, articleId ? { article: articleId } : {})),
    [slug],
  );
  const openCount = amendments.data ? amendments.data.filter((a) => a.status === 'open').length : null;

  return (
    <DebateContext.Provider value={debate}>
      <div class="rb-page">
        <RulebookHeader rulebook={rulebook} releases={releases.data} onChanged={onRulebook} />
        <RulebookTabs slug={slug} tab={tab} counts={{ amendments: openCount }} />
        <div hidden={tab !== 'draft'} data-testid="draft-tab">
          <LiveDraft
            key={`${slug}/${me?.id ?? 'reader'}/${rulebook.role ?? ''}`}
            rulebook={rulebook}
            me={me}
            selectedId={selectedId}
            onSelect={select}
            onArticles={setArticles}
            figures={figures}
            amendments={amendments.data}
            onAmendmentsChanged={amendments.reload}
            official={releases.data?.find((r) => r.official)?.version ?? null}
          />
        </div>
        {tab === 'amendments' && (amendmentId ? query.compare ? <CompareAmendmentsView id={amendmentId} /> : <AmendmentDetailView id={amendmentId} /> : <AmendmentsTab />)}
        {tab === 'history' && <HistoryTab />}
        {tab === 'releases' &&
          (version ? <ReleasePage version={version} releases={releases.data} /> : comparing ? <VersionDiffPage releases={releases.data} /> : <ReleasesTab releases={releases} />)}
      </div>
    </DebateContext.Provider>
  );
}

/** `/r/:slug` (and its tabs, and `/r/:slug/amendments/:id`): the live draft and the debate around it. */
export function RulebookPage() {
  const { t } = useI18n();
  const { params } = useRoute();
  const slug = params.slug ?? '';
  const me = useStore(session);
  const [rulebook, setRulebook] = useState<RulebookSummary | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const events = useRulebookEventsChannel(slug);

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
  }, [slug, me?.id, me === undefined, version]);

  useEffect(() => {
    if (rulebook) document.title = `${rulebook.title} · ${t('app.name')}`;
  }, [rulebook?.title]);

  // Feed readers find the rulebook's Atom feed from the page; the link goes when the page does.
  useEffect(() => {
    const link = document.createElement('link');
    Object.assign(link, { rel: 'alternate', type: 'application/atom+xml', href: feedHref.rulebook(slug), title: t('feed.rulebook') });
    document.head.append(link);
    return () => link.remove();
  }, [slug, t]);

  const reloadRulebook = useCallback(() => setVersion((v) => v + 1), []);

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
  return (
    <RulebookEventsContext.Provider value={events}>
      <RulebookDebate rulebook={rulebook} me={me} onRulebook={setRulebook} reloadRulebook={reloadRulebook} />
    </RulebookEventsContext.Provider>
  );
}
