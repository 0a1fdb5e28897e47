import { useEffect, useRef } from 'preact/hooks';
import type { Node } from 'prosemirror-model';
import { useI18n } from '../i18n/index.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import { ArticleComments } from './comments.js';
import { AmendmentCard } from './amendment-parts.js';
import { ProposeActions } from './propose-forms.js';
import { TakePartNotice } from './debate-bits.js';
import { FollowButton } from './notifications/follow-button.js';
import { CopyArticleLink } from './copy-link.js';
import { feedHref } from '../api.js';
import { rulebookHref, useDebate, type ArticleRef } from './debate-context.js';
import type { AnchorSpan } from '../editor/anchors-plugin.js';
import type { PassageRequest } from './draft-selection-tools.js';

/** Whether an amendment is about this article: changes or deletes it, or inserts a new one right after it. */
export function concernsArticle(amendment: Amendment, articleId: string): boolean {
  return amendment.kind === 'insert' ? amendment.afterArticleId === articleId : amendment.articleId === articleId;
}

interface ArticlePanelProps {
  article: ArticleRef;
  /** Every amendment of the rulebook (the panel keeps this article's). */
  amendments: Amendment[] | null;
  onAmendmentsChanged: () => void;
  /** Text selected inside this article in the editor, if any. */
  selection: string | null;
  /** A passage the floating toolbar sent here, to comment on or to propose changing. */
  request: PassageRequest | null;
  /** Show these quoted passages in the editor. */
  onAnchors: (spans: AnchorSpan[]) => void;
  /** The live draft as the reader has it now, where suggestion mode copies the article from. */
  draftDoc: () => Node | null;
  onClose: () => void;
}

/**
 * The discussion of one article beside the draft (a bottom sheet on phones): its comments, its amendments and
 * the ways to propose one. Escape closes it.
 */
export function ArticlePanel({ article, amendments, onAmendmentsChanged, selection, request, onAnchors, draftDoc, onClose }: ArticlePanelProps) {
  const { t } = useI18n();
  const { slug, canTakePart } = useDebate();
  const heading = useRef<HTMLHeadingElement>(null);
  const mine = (amendments ?? []).filter((a) => concernsArticle(a, article.id));
  const open = mine.filter((a) => a.status === 'open');
  const ordered = [...open.sort((a, b) => (b.supportCount ?? 0) - (a.supportCount ?? 0)), ...mine.filter((a) => a.status !== 'open').reverse()];

  // Bring the reader to the panel that just opened (or switched article), unless a passage takes them to a form.
  useEffect(() => {
    if (!request) heading.current?.focus({ preventScroll: window.matchMedia('(min-width: 861px)').matches });
  }, [article.id]);

  return (
    <aside
      class="article-panel"
      aria-labelledby="article-panel-heading"
      data-testid="side-panel"
      data-article-id={article.id}
      onKeyDown={(event) => {
        if (event.key === 'Escape' && !event.defaultPrevented) {
          event.preventDefault();
          onClose();
        }
      }}
    >
      <header class="article-panel-head">
        <div>
          <p class="article-panel-kicker">{t('panel.kicker', { n: article.number })}</p>
          <h2 id="article-panel-heading" class="article-panel-title" tabIndex={-1} ref={heading}>
            {article.title || t('toc.untitled')}
          </h2>
        </div>
        <button type="button" class="panel-close" aria-label={t('panel.close')} data-testid="side-panel-close" onClick={onClose}>
          <span aria-hidden="true">×</span>
        </button>
      </header>
      <div class="article-panel-body">
        <TakePartNotice next={rulebookHref(slug, { article: article.id })} />
        <p class="panel-follow">
          <FollowButton slug={slug} target="article" id={article.id} />
          <a href={feedHref.article(slug, article.id)} type="application/atom+xml" data-testid="article-feed">
            {t('feed.article')}
          </a>
          <CopyArticleLink slug={slug} version="draft" articleId={article.id} />
        </p>
        <section class="panel-section" aria-labelledby="panel-amendments-heading" data-testid="panel-amendments">
          <h3 id="panel-amendments-heading" class="panel-section-title">
            {t('panel.amendments')} <span class="count-pill">{open.length}</span>
          </h3>
          {amendments === null ? (
            <p class="muted">{t('common.loading')}</p>
          ) : ordered.length === 0 ? (
            <p class="muted">{t('panel.noAmendments')}</p>
          ) : (
            <ul class="card-list">
              {ordered.map((amendment) => (
                <li key={amendment.id}>
                  <AmendmentCard amendment={amendment} onChanged={onAmendmentsChanged} compact />
                </li>
              ))}
            </ul>
          )}
          {canTakePart && <ProposeActions article={article} request={request?.action === 'propose' ? request : null} draftDoc={draftDoc} />}
        </section>
        <ArticleComments articleId={article.id} selection={selection} request={request?.action === 'comment' ? request : null} onAnchors={onAnchors} />
      </div>
    </aside>
  );
}
