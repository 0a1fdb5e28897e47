import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import type { CompetingAmendments } from '../../shared/validation/amendments.js';
import { KindLabel, SupportTally, TimeStamp } from './debate-bits.js';
import { DiffText } from './diff-view.js';
import { OutdatedBadge } from './outdated.js';
import { rulebookHref, useDebate } from './debate-context.js';
import { useResource } from './use-resource.js';

type Competing = CompetingAmendments['amendments'][number];

/** One competing amendment: what accepting it now would change, and where it would keep the draft's wording. */
function CompetingColumn({ slug, item }: { slug: string; item: Competing }) {
  const { t } = useI18n();
  const { amendment, change, conflicts } = item;
  const changes = change.text.some((r) => r.op !== 'equal') || (change.title?.some((r) => r.op !== 'equal') ?? false);
  return (
    <article class="compare-column" data-testid="compare-column" data-amendment-id={amendment.id} aria-labelledby={`compare-${amendment.id}`}>
      <header class="compare-column-head">
        <h3 id={`compare-${amendment.id}`}>
          <a href={rulebookHref(slug, { amendment: amendment.id })}>
            <span class="amendment-number">#{amendment.number}</span> <KindLabel kind={amendment.kind} />
          </a>
        </h3>
        <OutdatedBadge amendment={amendment} />
      </header>
      <p class="amendment-meta">
        {t('amendment.by', { name: amendment.author.displayName })} · <TimeStamp iso={amendment.createdAt} /> · <SupportTally count={amendment.supportCount} />
      </p>
      <div class="diff-paper">
        {change.title && (
          <p class="diff-title">
            <DiffText runs={change.title} />
          </p>
        )}
        <div class="diff-text">
          <DiffText runs={change.text} />
        </div>
      </div>
      {!changes && <p class="muted small">{t('compare.noChange')}</p>}
      {conflicts.length > 0 && (
        <div class="compare-clashes" data-testid="compare-clashes">
          <p class="small">{t('compare.clashes')}</p>
          <ul>
            {conflicts.map((c) => (
              <li>
                {t('compare.clash', { ours: c.ours || t('merge.removed'), theirs: c.theirs || t('merge.removed') })}
              </li>
            ))}
          </ul>
        </div>
      )}
    </article>
  );
}

/**
 * `/r/:slug/amendments/:id?compare=1`: the open amendments on the article an amendment concerns, side by side, each
 * as the change it would make to the article's current wording if accepted now. It follows decisions and edits live.
 */
export function CompareAmendmentsView({ id }: { id: string }) {
  const { t } = useI18n();
  const { slug, numberOf } = useDebate();
  const competing = useResource(() => api.competingAmendments(id), [id]);
  const articleId = competing.data?.article?.id;
  useRulebookEvent(
    competing.reload,
    (event) => (event.type === 'amendment.changed' && (event.amendmentId === id || event.articleId === articleId)) || (event.type === 'rulebook.changed' && event.change === 'draft'),
  );
  const data = competing.data;
  const number = data?.amendments.find((c) => c.amendment.id === id)?.amendment.number;
  return (
    <section class="tab-panel compare-amendments" aria-labelledby="compare-heading" data-testid="compare-amendments">
      <p class="back-link">
        <a href={rulebookHref(slug, { amendment: id })}>← {number ? t('compare.back', { n: number }) : t('detail.back')}</a>
      </p>
      {competing.error && !data && (
        <p class="form-error" role="alert">
          {describeDebateError(t, competing.error)}
        </p>
      )}
      {!data && !competing.error && (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      )}
      {data && !data.article && <p class="muted">{t('compare.gone')}</p>}
      {data?.article && (
        <>
          <h2 id="compare-heading">{t('compare.title', { article: t('amendment.article', { n: numberOf(data.article.id) ?? data.article.number }) })}</h2>
          <p class="muted">{t('compare.intro')}</p>
          <section class="compare-current" aria-labelledby="compare-current-heading" data-testid="compare-current">
            <h3 id="compare-current-heading">{t('compare.current')}</h3>
            <div class="diff-paper">
              {data.article.title && <p class="diff-title">{data.article.title}</p>}
              <div class="diff-text">{data.article.text}</div>
            </div>
          </section>
          {data.amendments.length === 0 ? (
            <p class="muted">{t('compare.none')}</p>
          ) : (
            <div class="compare-grid">
              {data.amendments.map((item) => (
                <CompetingColumn slug={slug} item={item} />
              ))}
            </div>
          )}
        </>
      )}
    </section>
  );
}
