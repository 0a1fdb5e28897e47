import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { api } from '../../api.js';
import { describeError, useI18n } from '../../i18n/index.js';
import { MAX_AUTO_HIDE_AFTER, type QueueItem } from '../../../shared/validation/moderation.js';
import { RichText, TimeStamp } from '../debate-bits.js';
import { withNumberNow } from '../article-number.js';
import { rulebookHref } from '../debate-context.js';
import { FormError } from '../form-error.js';
import { useAction } from '../use-action.js';
import { useResource } from '../use-resource.js';

type Decision = 'hide' | 'keep' | 'restore';

/** What an organiser may decide about a comment: hide (or confirm an automatic hide), keep it visible, or restore it. */
function decisionsFor(item: QueueItem): Decision[] {
  if (!item.hidden) return ['hide', 'keep'];
  return item.hidden.by === null ? ['hide', 'restore'] : ['restore'];
}

/** The reason and the buttons deciding about one comment; every decision is published in the history. */
function DecisionForm({ item, onDone }: { item: QueueItem; onDone: () => void }) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const { busy, error, setError, run } = useAction();
  const decide = (decision: Decision) => {
    const text = reason.trim();
    if (decision !== 'keep' && !text) return setError(t('moderation.reasonNeeded'));
    void run(async () => {
      if (decision === 'hide') await api.hideComment(item.commentId, text);
      else if (decision === 'restore') await api.restoreComment(item.commentId, text);
      else await api.keepComment(item.commentId, text || undefined);
      onDone();
    });
  };
  const id = `reason-${item.commentId}`;
  return (
    <div class="moderation-decision">
      <label class="field" for={id}>
        <span>{t('moderation.reason')}</span>
      </label>
      <textarea id={id} rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} data-testid="moderation-reason" />
      <FormError message={error} />
      <div class="button-row">
        {decisionsFor(item).map((decision) => (
          <button type="button" class={decision === 'keep' ? 'button-quiet' : 'button button-small'} disabled={busy} onClick={() => decide(decision)} data-testid={`moderation-${decision}`}>
            {t(`moderation.${decision}`)}
          </button>
        ))}
      </div>
    </div>
  );
}

function QueueEntry({ slug, item, onDone }: { slug: string; item: QueueItem; onDone: () => void }) {
  const { t, tn } = useI18n();
  const article = withNumberNow(t, t('report.articleHeading', { n: item.articleNumberThen ?? item.articleNumber ?? 0 }), item.articleNumberThen, item.articleNumber);
  return (
    <li class="moderation-item" data-testid="moderation-item" data-comment={item.commentId}>
      <p class="report-meta">
        <a href={rulebookHref(slug, item.amendmentId ? { amendment: item.amendmentId } : { article: item.articleId })}>{item.amendmentId ? t('amendmentThread.queueLink') : article}</a> · {item.author.displayName} · <TimeStamp iso={item.createdAt} />
      </p>
      <blockquote class="moderation-body">
        <RichText text={item.body} />
      </blockquote>
      {item.hidden && (
        <p class="report-hidden">
          {item.hidden.by === null ? t('moderation.hiddenAutomatically') : t('moderation.hiddenBy', { who: item.hidden.by, reason: item.hidden.reason })}
        </p>
      )}
      {item.reports.total > 0 && (
        <div class="moderation-reports">
          <p>
            <strong>{tn('moderation.reports', item.reports.total)}</strong>
            {item.reports.waiting !== item.reports.total && <span class="muted"> · {tn('moderation.reportsWaiting', item.reports.waiting)}</span>}
          </p>
          {item.reports.reasons.length > 0 && (
            <ul class="moderation-reasons" aria-label={t('moderation.reasonsLabel')}>
              {item.reports.reasons.map((r) => (
                <li>
                  « {r.reason} » <span class="muted small"><TimeStamp iso={r.at} /></span>
                </li>
              ))}
            </ul>
          )}
        </div>
      )}
      <DecisionForm item={item} onDone={onDone} />
    </li>
  );
}

/** How many reports hide a comment automatically (0: never); changing it is recorded in the history. */
function AutoHideForm({ slug, value, onSaved }: { slug: string; value: number | null; onSaved: () => void }) {
  const { t } = useI18n();
  const [threshold, setThreshold] = useState(String(value ?? 0));
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    setSaved(false);
    void run(async () => {
      await api.setAutoHide(slug, Number(threshold));
      setSaved(true);
      onSaved();
    });
  };
  return (
    <form class="auto-hide-form" onSubmit={submit} data-testid="auto-hide-form">
      <label class="field">
        <span>{t('moderation.autoHide')}</span>
        <input type="number" min={0} max={MAX_AUTO_HIDE_AFTER} step={1} required value={threshold} onInput={(e) => setThreshold(e.currentTarget.value)} />
      </label>
      <p class="muted small">{t('moderation.autoHideHint')}</p>
      <FormError message={error} />
      {saved && (
        <p class="form-success" role="status">
          {t('moderation.saved')}
        </p>
      )}
      <button type="submit" class="button button-small" disabled={busy}>
        {t('moderation.save')}
      </button>
    </form>
  );
}

/** `/r/:slug/moderation` (organisers): reported comments waiting, hidden ones, and the automatic-hide setting. */
export function ModerationPage() {
  const { t } = useI18n();
  const { params } = useRoute();
  const slug = params.slug!;
  const queue = useResource(() => api.moderationQueue(slug), [slug]);
  const data = queue.data;
  return (
    <article class="moderation-page" data-testid="moderation-page">
      <p class="back-link">
        <a href={rulebookHref(slug)}>{t('report.backPlain')}</a>
      </p>
      <h1>{t('moderation.title')}</h1>
      <p class="muted">{t('moderation.intro')}</p>
      {queue.error ? <p class="form-error" role="alert">{describeError(t, queue.error)}</p> : null}
      {!data && !queue.error && <p class="muted">{t('common.loading')}</p>}
      {data && (
        <>
          <AutoHideForm key={String(data.autoHideAfter)} slug={slug} value={data.autoHideAfter} onSaved={queue.reload} />
          <section aria-labelledby="moderation-waiting">
            <h2 id="moderation-waiting">{t('moderation.waiting', { n: data.waiting.length })}</h2>
            {data.waiting.length === 0 ? (
              <p class="muted">{t('moderation.nothingWaiting')}</p>
            ) : (
              <ul class="moderation-list">
                {data.waiting.map((item) => (
                  <QueueEntry key={item.commentId} slug={slug} item={item} onDone={queue.reload} />
                ))}
              </ul>
            )}
          </section>
          <section aria-labelledby="moderation-hidden">
            <h2 id="moderation-hidden">{t('moderation.hidden', { n: data.hidden.length })}</h2>
            {data.hidden.length === 0 ? (
              <p class="muted">{t('moderation.nothingHidden')}</p>
            ) : (
              <ul class="moderation-list">
                {data.hidden.map((item) => (
                  <QueueEntry key={item.commentId} slug={slug} item={item} onDone={queue.reload} />
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </article>
  );
}
