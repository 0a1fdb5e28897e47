import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import type { Comment } from '../../shared/validation/comments.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { FormError } from './form-error.js';
import { LengthHint } from './length-hint.js';
import { RichText, TimeStamp } from './debate-bits.js';
import { useDebate } from './debate-context.js';
import { useResource, type Resource } from './use-resource.js';
import { CommentForm, targetOf } from './comment-form.js';
import { formatDateTime } from '../format.js';
import type { AnchorSpan } from '../editor/anchors-plugin.js';
import { withNumberNow } from './article-number.js';
import type { PassageRequest } from './draft-selection-tools.js';

/** A comment and its replies. */
interface Thread {
  comment: Comment;
  replies: Thread[];
}

/** Nest a flat list of comments by `parentId`, oldest first; replies whose parent is missing become roots. */
export function threadComments(comments: readonly Comment[]): Thread[] {
  const sorted = [...comments].sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  const threads = new Map<string, Thread>(sorted.map((comment) => [comment.id, { comment, replies: [] }]));
  const roots: Thread[] = [];
  for (const thread of threads.values()) {
    const parent = thread.comment.parentId ? threads.get(thread.comment.parentId) : undefined;
    if (parent && parent !== thread) parent.replies.push(thread);
    else roots.push(thread);
  }
  return roots;
}

/** A short form asking for a reason (hiding a comment requires one; reporting accepts one). */
function ReasonForm({ label, required, submitLabel, testid, onSubmit, onCancel }: {
  label: string;
  required: boolean;
  submitLabel: string;
  testid: string;
  onSubmit: (reason: string) => Promise<void>;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  const limit = required ? TextLimit.hideReason : TextLimit.reportReason;
  useEffect(() => field.current?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (required && !reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      await onSubmit(reason.trim());
    } catch (err) {
      setError(describeDebateError(t, err));
      setBusy(false);
    }
  };
  return (
    <form class="reason-form stack-tight" onSubmit={submit} data-testid={testid}>
      <label class="field">
        <span>{label}</span>
        <textarea ref={field} rows={2} required={required} maxLength={limit} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </label>
      <LengthHint value={reason} limit={limit} />
      <FormError message={error} />
      <div class="button-row">
        <button type="submit" class="button button-small" disabled={busy || (required && !reason.trim())}>
          {submitLabel}
        </button>
        <button type="button" class="button-quiet" onClick={onCancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

type Mode = 'view' | 'reply' | 'edit' | 'hide' | 'report';

/** One comment: its author, date, quoted passage and body (or why it is gone), its actions, then its replies. */
export function CommentItem({ thread, depth, onChanged }: { thread: Thread; depth: number; onChanged: () => void }) {
  const { t, tn, lang } = useI18n();
  const { me, isOrganiser, canTakePart, amendmentHref } = useDebate();
  const { comment } = thread;
  const [mode, setMode] = useState<Mode>('view');
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const gone = comment.deletedAt !== null;
  const hidden = comment.hidden !== null;
  const headingId = `comment-${comment.id}`;

  const remove = async () => {
    if (!window.confirm(t('comments.deleteConfirm'))) return;
    setError(null);
    try {
      await api.deleteComment(comment.id);
      onChanged();
    } catch (err) {
      setError(describeDebateError(t, err));
    }
  };

  const actions = !gone && mode === 'view' && (
    <div class="comment-actions">
      {canTakePart && !hidden && depth < 6 && (
        <button type="button" class="link-button" data-testid="comment-reply" onClick={() => setMode('reply')}>
          {t('comments.reply')}
        </button>
      )}
      {comment.mine && !hidden && canTakePart && (
        <button type="button" class="link-button" data-testid="comment-edit" onClick={() => setMode('edit')}>
          {t('comments.edit')}
        </button>
      )}
      {comment.mine && (
        <button type="button" class="link-button danger" data-testid="comment-delete" onClick={remove}>
          {t('comments.delete')}
        </button>
      )}
      {me && !comment.mine && !hidden && (
        comment.reportedByMe ? (
          <span class="muted small" data-testid="comment-reported">{t('comments.reported')}</span>
        ) : (
          <button type="button" class="link-button" data-testid="comment-report" onClick={() => setMode('report')}>
            {t('comments.report')}
          </button>
        )
      )}
      {isOrganiser && !hidden && (
        <button type="button" class="link-button danger" data-testid="comment-hide" onClick={() => setMode('hide')}>
          {t('comments.hide')}
        </button>
      )}
    </div>
  );

  return (
    <li class={`comment${gone ? ' is-deleted' : ''}${hidden ? ' is-hidden' : ''}`} data-testid="comment-item" data-comment-id={comment.id}>
      <article aria-labelledby={headingId}>
        <header class="comment-head">
          <h4 id={headingId} class="comment-author">
            {gone ? t('comments.deletedAuthor') : comment.author.displayName}
          </h4>
          <span class="comment-meta">
            <TimeStamp iso={comment.createdAt} />
            {comment.articleNumberThen !== null && comment.articleNumberThen !== comment.articleNumber && (
              <span data-testid="comment-article-then">
                {' · '}
                {withNumberNow(t, t('amendment.article', { n: comment.articleNumberThen }), comment.articleNumberThen, comment.articleNumber)}
              </span>
            )}
            {comment.editedAt && !gone && (
              <span class="edited" data-testid="comment-edited" title={t('comments.editedAt', { date: formatDateTime(lang, comment.editedAt) })}>
                {' · '}
                {t('comments.edited')}
              </span>
            )}
          </span>
          {isOrganiser && comment.reportCount ? (
            <span class="badge badge-warn" data-testid="report-count">
              {tn('comments.reportCount', comment.reportCount)}
            </span>
          ) : null}
        </header>
        {comment.quote && !gone && (
          <div class="comment-quote-box">
            <blockquote class={`comment-quote${comment.anchor.status === 'detached' ? ' is-detached' : ''}`}>{comment.quote}</blockquote>
            {comment.anchor.status === 'detached' && (
              <p class="quote-detached" data-testid="quote-detached">
                {t('comments.quoteDetached')}
                {comment.articleNumberThen !== null && comment.articleNumberThen !== comment.articleNumber && (
                  <>
                    {' '}
                    {comment.articleNumber === null
                      ? t('comments.articleRemoved', { then: comment.articleNumberThen })
                      : t('comments.articleMoved', { then: comment.articleNumberThen, now: comment.articleNumber })}
                  </>
                )}
              </p>
            )}
            {comment.quoteChanged && (
              <p class="quote-detached" data-testid="quote-changed">
                {t('comments.quoteChanged', { now: comment.anchor.text ?? '' })}
              </p>
            )}
          </div>
        )}
        {gone ? (
          <p class="comment-gone" data-testid="comment-deleted">
            {t('comments.deleted')}
          </p>
        ) : hidden ? (
          <>
            <p class="comment-gone" data-testid="comment-hidden">
              {t('comments.hidden', { reason: comment.hidden!.reason })}
            </p>
            {comment.body && isOrganiser && <RichText text={comment.body} class="comment-body is-moderated" amendmentHref={amendmentHref} />}
          </>
        ) : mode === 'edit' ? (
          <CommentForm
            target={targetOf(comment)}
            editing={comment}
            label={t('comments.editLabel')}
            submitLabel={t('comments.save')}
            autoFocus
            onDone={() => {
              setMode('view');
              onChanged();
            }}
            onCancel={() => setMode('view')}
          />
        ) : (
          comment.body !== null && <RichText text={comment.body} class="comment-body" amendmentHref={amendmentHref} />
        )}
        {actions}
        <FormError message={error} />
        {notice && (
          <p class="form-success small" role="status">
            {notice}
          </p>
        )}
        {mode === 'reply' && (
          <CommentForm
            target={targetOf(comment)}
            parentId={comment.id}
            label={t('comments.replyLabel', { name: comment.author.displayName })}
            submitLabel={t('comments.sendReply')}
            autoFocus
            onDone={() => {
              setMode('view');
              onChanged();
            }}
            onCancel={() => setMode('view')}
          />
        )}
        {mode === 'hide' && (
          <ReasonForm
            label={t('comments.hideReason')}
            required
            submitLabel={t('comments.hideSubmit')}
            testid="hide-form"
            onSubmit={async (reason) => {
              await api.hideComment(comment.id, reason);
              setMode('view');
              onChanged();
            }}
            onCancel={() => setMode('view')}
          />
        )}
        {mode === 'report' && (
          <ReasonForm
            label={t('comments.reportReason')}
            required={false}
            submitLabel={t('comments.reportSubmit')}
            testid="report-form"
            onSubmit={async (reason) => {
              await api.reportComment(comment.id, reason || undefined);
              setMode('view');
              setNotice(t('comments.reportDone'));
              onChanged();
            }}
            onCancel={() => setMode('view')}
          />
        )}
      </article>
      {thread.replies.length > 0 && (
        <ol class="comment-replies" aria-label={t('comments.repliesTo', { name: comment.author.displayName })}>
          {thread.replies.map((reply) => (
            <CommentItem key={reply.comment.id} thread={reply} depth={depth + 1} onChanged={onChanged} />
          ))}
        </ol>
      )}
    </li>
  );
}

/** A thread: its title and count, what goes above the list (the form to comment, or nothing), then the comments. */
export function CommentSection({ comments, title, class: className, children }: { comments: Resource<Comment[]>; title: string; class: string; children?: ComponentChildren }) {
  const { t } = useI18n();
  const threads = comments.data ? threadComments(comments.data) : [];
  const count = comments.data?.filter((c) => c.deletedAt === null).length ?? 0;
  const headingId = useId();
  return (
    <section class={className} aria-labelledby={headingId} data-testid="comments">
      <h3 id={headingId} class={`${className}-title`}>
        {title} <span class="count-pill">{count}</span>
      </h3>
      {children}
      {comments.error && !comments.data ? (
        <p class="form-error" role="alert">
          {describeDebateError(t, comments.error)}
        </p>
      ) : !comments.data ? (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : threads.length === 0 ? (
        <p class="muted" data-testid="comments-empty">
          {t('comments.empty')}
        </p>
      ) : (
        <ol class="comment-list" data-testid="comment-list">
          {threads.map((thread) => (
            <CommentItem key={thread.comment.id} thread={thread} depth={0} onChanged={comments.reload} />
          ))}
        </ol>
      )}
    </section>
  );
}

/** The threaded comments of an article, live, with the form to add one (or why one cannot). */
export function ArticleComments({ articleId, selection, request, onAnchors }: {
  articleId: string;
  selection: string | null;
  /** A passage to comment on, sent from the floating toolbar. */
  request: PassageRequest | null;
  onAnchors: (spans: AnchorSpan[]) => void;
}) {
  const { t } = useI18n();
  const { slug, canTakePart } = useDebate();
  const comments = useResource(() => api.listComments(slug, articleId), [slug, articleId]);
  useRulebookEvent(comments.reload, (event) => event.type === 'comment.changed' && event.articleId === articleId);
  // Hand the passages these comments quote to the editor, which highlights them where they stand now.
  useEffect(() => {
    onAnchors(
      (comments.data ?? []).flatMap((c) => (c.anchor.status === 'attached' && c.anchor.start && c.anchor.end ? [{ start: c.anchor.start, end: c.anchor.end }] : [])),
    );
  }, [comments.data]);

  return (
    <CommentSection comments={comments} title={t('comments.title')} class="panel-section">
      {canTakePart && (
        <CommentForm target={{ articleId }} selection={selection} request={request} label={t('comments.newLabel')} submitLabel={t('comments.send')} onDone={comments.reload} />
      )}
    </CommentSection>
  );
}
