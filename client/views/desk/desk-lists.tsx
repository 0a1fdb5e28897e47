import { useI18n } from '../../i18n/index.js';
import type { Desk, DeskAmendment, DeskArticle } from '../../../shared/validation/desk.js';
import { TimeStamp } from '../debate-bits.js';
import { rulebookHref } from '../debate-context.js';

/** One open amendment: its link, kind, author and supports, with the outdated and answer-owed flags in words. */
function AmendmentLine({ slug, amendment }: { slug: string; amendment: DeskAmendment }) {
  const { t, tn } = useI18n();
  return (
    <li data-testid="desk-amendment" data-amendment={amendment.id}>
      <a href={rulebookHref(slug, { amendment: amendment.id })}>{t('desk.amendment', { n: amendment.number })}</a>{' '}
      <span class="muted small">
        ({t(`desk.kind.${amendment.kind}`)}) · {amendment.author.displayName} · {tn('desk.supports', amendment.supportCount)}
        {amendment.cosignerCount > 0 && <> · {tn('cosign.count', amendment.cosignerCount)}</>}
      </span>{' '}
      {amendment.outdated && <span class="badge outdated-badge">{t('outdated.badge')}</span>}{' '}
      {amendment.overdue ? <span class="badge badge-overdue">{t('cosign.overdue')}</span> : amendment.answerDue && <span class="badge badge-owed">{t('cosign.owed')}</span>}
    </li>
  );
}

/** An article's heading: its number and title now, or where an insertion goes, or that it left the draft. */
function articleLabel(t: ReturnType<typeof useI18n>['t'], article: Pick<DeskArticle, 'articleId' | 'number' | 'title'>): string {
  if (article.articleId === null) return t('desk.articles.start');
  if (article.number === null) return t('desk.articles.removed');
  const label = t('desk.threads.article', { n: article.number });
  return article.title ? `${label} — ${article.title}` : label;
}

/** Open amendments co-signed past the threshold, overdue first. */
export function OwedAnswers({ slug, desk }: { slug: string; desk: Desk }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="desk-owed" data-testid="desk-owed">
      <h2 id="desk-owed">{t('desk.owed.heading', { n: desk.answerDue.length })}</h2>
      {desk.cosignThreshold === null ? (
        <p class="muted">{t('desk.owed.noThreshold')}</p>
      ) : (
        <>
          <p class="muted small">{t('desk.owed.intro', { threshold: desk.cosignThreshold })}</p>
          {desk.answerDue.length === 0 ? (
            <p class="muted">{t('desk.owed.none')}</p>
          ) : (
            <ul>
              {desk.answerDue.map((a) => (
                <AmendmentLine key={a.id} slug={slug} amendment={a} />
              ))}
            </ul>
          )}
        </>
      )}
    </section>
  );
}

/** Open amendments article by article, in draft order, the most supported first within each. */
export function DeskArticles({ slug, desk }: { slug: string; desk: Desk }) {
  const { t, tn } = useI18n();
  return (
    <section aria-labelledby="desk-articles" data-testid="desk-articles">
      <h2 id="desk-articles">{t('desk.articles.heading', { n: desk.counts.openAmendments })}</h2>
      {desk.articles.length === 0 && <p class="muted">{t('desk.articles.none')}</p>}
      {desk.articles.map((article) => (
        <div key={article.articleId ?? 'start'} data-testid="desk-article">
          <h3>
            {article.articleId && article.number !== null ? <a href={rulebookHref(slug, { article: article.articleId })}>{articleLabel(t, article)}</a> : articleLabel(t, article)}{' '}
            <span class="muted small">
              · {tn('desk.articles.count', article.open)}
              {article.outdated > 0 && <> · {t('desk.figure.outdatedDetail', { n: article.outdated })}</>}
            </span>
          </h3>
          <ul>
            {article.amendments.map((a) => (
              <AmendmentLine key={a.id} slug={slug} amendment={a} />
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}

/** Top-level comments no organiser has replied to, oldest first, each linking to its article's discussion. */
export function WaitingThreads({ slug, desk }: { slug: string; desk: Desk }) {
  const { t } = useI18n();
  return (
    <section aria-labelledby="desk-threads" data-testid="desk-threads">
      <h2 id="desk-threads">{t('desk.threads.heading', { n: desk.threads.length })}</h2>
      {desk.threads.length === 0 ? (
        <p class="muted">{t('desk.threads.none')}</p>
      ) : (
        <ul>
          {desk.threads.map((thread) => (
            <li key={thread.commentId} data-testid="desk-thread" data-comment={thread.commentId}>
              <a href={rulebookHref(slug, { article: thread.articleId })}>{articleLabel(t, { articleId: thread.articleId, number: thread.articleNumber, title: thread.articleTitle })}</a>
              <span class="muted small">
                {' '}
                · {thread.author.displayName} · <TimeStamp iso={thread.createdAt} />
              </span>
              <blockquote class="moderation-body">{thread.excerpt}</blockquote>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
