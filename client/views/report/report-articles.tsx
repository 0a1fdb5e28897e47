import { useI18n } from '../../i18n/index.js';
import type { ReportAmendment, ReportArticle, ReportComment } from '../../../shared/validation/report.js';
import { KindLabel, RichText, StatusBadge, TimeStamp } from '../debate-bits.js';
import { withNumberNow } from '../article-number.js';
import { releaseHref, rulebookHref } from '../debate-context.js';

/** "Article 2, now 3": the number in the version a contribution targeted, then today's. */
function NumberThenNow({ then, now }: { then: number | null; now: number | null }) {
  const { t } = useI18n();
  if (then === null && now === null) return null;
  return <span class="report-number">{withNumberNow(t, t('report.articleHeading', { n: then ?? now! }), then, now)}</span>;
}

function AmendmentItem({ slug, amendment: a, articleTitle }: { slug: string; amendment: ReportAmendment; articleTitle: string | null }) {
  const { t, tn } = useI18n();
  return (
    <li class="report-item" data-testid="report-amendment" data-status={a.status}>
      <p class="report-item-head">
        <a href={rulebookHref(slug, { amendment: a.id })}>{t('report.amendment', { n: a.number })}</a> <KindLabel kind={a.kind} /> <StatusBadge status={a.status} />
        {a.outdated && <span class="badge outdated-badge">{t('outdated.badge')}</span>}
      </p>
      <p class="report-meta">
        <NumberThenNow then={a.articleNumberThen} now={a.articleNumberNow} /> · {a.author.displayName} · <TimeStamp iso={a.createdAt} /> · {a.supports === null ? t('amendment.supportsHidden') : tn('report.supports', a.supports)}
      </p>
      {a.title && a.title !== articleTitle && <p class="report-proposed-title">{a.title}</p>}
      {a.reason && (
        <div class="report-reason">
          <span class="report-reason-label">{t('report.reason', { who: a.decidedBy ?? '' })}</span>
          <RichText text={a.reason} />
        </div>
      )}
      {a.release && (
        <p class="report-release">
          <a href={releaseHref(slug, a.release)}>{t('report.inRelease', { version: a.release })}</a>
        </p>
      )}
    </li>
  );
}

function CommentItem({ comment: c }: { comment: ReportComment }) {
  const { t, tn } = useI18n();
  return (
    <li class={`report-item report-comment is-${c.state}`} data-testid="report-comment" data-state={c.state}>
      <p class="report-meta">
        <NumberThenNow then={c.articleNumberThen} now={c.articleNumberNow} /> · {c.author.displayName} · <TimeStamp iso={c.createdAt} /> · {tn('report.replies', c.replies)}
        {c.organiserReplied && <span class="badge answered-badge">{t('report.answered')}</span>}
      </p>
      {c.state === 'visible' && c.body !== null && <RichText text={c.body} />}
      {c.state === 'hidden' && <p class="report-hidden">{c.hiddenReason ? t('report.hiddenWithReason', { reason: c.hiddenReason }) : t('report.hidden')}</p>}
      {c.state === 'deleted' && <p class="report-hidden">{t('report.deleted')}</p>}
    </li>
  );
}

/** The debate article by article: each article's amendments, then its threads. */
export function ReportArticles({ slug, articles }: { slug: string; articles: ReportArticle[] }) {
  const { t } = useI18n();
  if (articles.length === 0) return <p class="muted">{t('report.empty')}</p>;
  return (
    <>
      {articles.map((article) => (
        <section class="report-article" aria-labelledby={`report-article-${article.articleId ?? 'start'}`} data-testid="report-article">
          <h3 id={`report-article-${article.articleId ?? 'start'}`}>
            {article.articleId === null ? t('report.atStart') : article.numberNow === null ? t('report.removedArticle') : t('report.articleHeading', { n: article.numberNow })}
            {article.title && <span class="report-article-title"> — {article.title}</span>}
          </h3>
          {article.amendments.length > 0 && (
            <>
              <h4>{t('report.amendments')}</h4>
              <ul class="report-list">
                {article.amendments.map((a) => (
                  <AmendmentItem slug={slug} amendment={a} articleTitle={article.title} />
                ))}
              </ul>
            </>
          )}
          {article.comments.length > 0 && (
            <>
              <h4>{t('report.threads')}</h4>
              <ul class="report-list">
                {article.comments.map((c) => (
                  <CommentItem comment={c} />
                ))}
              </ul>
            </>
          )}
        </section>
      ))}
    </>
  );
}
