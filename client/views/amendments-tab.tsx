import { useLocation } from 'preact-iso';
import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import type { AmendmentStatus } from '../../shared/validation/amendments.js';
import { AmendmentCard } from './amendment-parts.js';
import { CosignThresholdForm } from './cosigning.js';
import { rulebookHref, useDebate } from './debate-context.js';
import { useResource } from './use-resource.js';

const STATUSES: AmendmentStatus[] = ['open', 'accepted', 'rejected', 'withdrawn'];
type Sort = 'support' | 'recent' | 'answer';
const SORTS: Sort[] = ['support', 'recent', 'answer'];

/**
 * The Amendments tab: every amendment, filtered by status and article and sorted by support or date, each
 * filter kept in the address. Organisers land on their inbox: open amendments, those owed a public answer (past the
 * co-signature threshold; overdue ones flagged) first, then the most supported.
 */
export function AmendmentsTab() {
  const { t, tn } = useI18n();
  const debate = useDebate();
  const { slug, isOrganiser, articles } = debate;
  const { query, route } = useLocation();
  const inbox = isOrganiser && !query.status && !query.sort && !query.article;
  const status = (query.status ?? (isOrganiser ? 'open' : 'all')) as AmendmentStatus | 'all';
  const { participation, consultation } = debate.rulebook;
  const supportsHidden = participation.hideSupportsUntilClose === true && consultation !== 'closed' && !isOrganiser;
  const sorts = supportsHidden ? SORTS.filter((s) => s !== 'support') : SORTS;
  const sort: Sort = sorts.includes(query.sort as Sort) ? (query.sort as Sort) : isOrganiser ? 'answer' : 'recent';
  const articleId = query.article ?? '';

  const list = useResource(
    () => api.listAmendments(slug, { ...(status !== 'all' ? { status } : {}), ...(articleId ? { articleId } : {}), sort }),
    [slug, status, sort, articleId],
  );
  useRulebookEvent(list.reload, (event) => event.type === 'amendment.changed');

  const setFilter = (change: { status?: string; sort?: string; article?: string }) => {
    const next = { status, sort, article: articleId, ...change };
    route(
      rulebookHref(slug, {
        tab: 'amendments',
        query: { status: next.status, sort: next.sort, article: next.article || undefined },
      }),
      true,
    );
  };

  return (
    <section class="tab-panel" aria-labelledby="amendments-heading" data-testid="amendments-tab">
      <div class="tab-panel-head">
        <h2 id="amendments-heading">{inbox ? t('amendments.inbox') : t('amendments.title')}</h2>
        {inbox && <p class="muted">{t('amendments.inboxHelp')}</p>}
      </div>
      {isOrganiser && <CosignThresholdForm key={String(debate.rulebook.cosignThreshold)} />}
      <form class="filters" role="search" aria-label={t('amendments.filters')} onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>{t('amendments.filterStatus')}</span>
          <select value={status} data-testid="filter-status" onChange={(e) => setFilter({ status: e.currentTarget.value })}>
            <option value="all">{t('amendments.allStatuses')}</option>
            {STATUSES.map((s) => (
              <option value={s}>{t(`amendment.status.${s}`)}</option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('amendments.filterArticle')}</span>
          <select value={articleId} data-testid="filter-article" onChange={(e) => setFilter({ article: e.currentTarget.value })}>
            <option value="">{t('amendments.allArticles')}</option>
            {articles.map((article) => (
              <option value={article.id}>
                {t('amendment.article', { n: article.number })}
                {article.title ? ` – ${article.title.length > 40 ? `${article.title.slice(0, 40)}…` : article.title}` : ''}
              </option>
            ))}
          </select>
        </label>
        <label class="field">
          <span>{t('amendments.sort')}</span>
          <select value={sort} data-testid="sort" onChange={(e) => setFilter({ sort: e.currentTarget.value })}>
            {!supportsHidden && <option value="support">{t('amendments.sortSupport')}</option>}
            <option value="recent">{t('amendments.sortRecent')}</option>
            <option value="answer">{t('amendments.sortAnswer')}</option>
          </select>
        </label>
      </form>
      {list.error && !list.data ? (
        <p class="form-error" role="alert">
          {describeDebateError(t, list.error)}
        </p>
      ) : !list.data ? (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : list.data.length === 0 ? (
        <div class="empty-state" data-testid="amendments-empty">
          <p>{inbox ? t('amendments.inboxEmpty') : t('amendments.empty')}</p>
          <p class="muted small">{t('amendments.howTo')}</p>
        </div>
      ) : (
        <>
          <p class="muted small" role="status">
            {tn('amendments.count', list.data.length)}
          </p>
          <ul class="card-list" data-testid="amendment-list">
            {list.data.map((amendment) => (
              <li key={amendment.id}>
                <AmendmentCard amendment={amendment} onChanged={list.reload} />
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
