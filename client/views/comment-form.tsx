/** The form that writes, replies to or edits a comment, optionally quoting the passage selected in the draft or an amendment. */
import { useEffect, useRef, useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import type { Comment } from '../../shared/validation/comments.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { FormError } from './form-error.js';
import { LengthHint } from './length-hint.js';
import { useDebate } from './debate-context.js';
import type { PassageRequest } from './draft-selection-tools.js';

/** The thread a comment goes to: an article's, or an amendment's. */
export type CommentTarget = { articleId: string } | { amendmentId: string };

/** The thread a comment is in. */
export const targetOf = (comment: Comment): CommentTarget => (comment.amendmentId ? { amendmentId: comment.amendmentId } : { articleId: comment.articleId });

interface CommentFormProps {
  target: CommentTarget;
  parentId?: string;
  /** The comment being edited, if any. */
  editing?: Comment;
  /** Text selected in this article or amendment, offered as the quoted passage (top-level comments only). */
  selection?: string | null;
  /** A passage to quote right away, with the focus in the text (the floating toolbar's "Comment"). */
  request?: PassageRequest | null;
  label: string;
  submitLabel: string;
  onDone: () => void;
  onCancel?: () => void;
  autoFocus?: boolean;
}

/** Write a comment, a reply, or a new wording of one's own comment. */
export function CommentForm({ target, parentId, editing, selection, request, label, submitLabel, onDone, onCancel, autoFocus }: CommentFormProps) {
  const { t } = useI18n();
  const { slug } = useDebate();
  const [body, setBody] = useState(editing?.body ?? '');
  const [quote, setQuote] = useState<string | null>(null);
  // The passage last quoted stays selected in the editor; do not offer it again for the next comment.
  const [quoted, setQuoted] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = useRef<HTMLTextAreaElement>(null);
  // The person just asked to reply or edit: take them to the text.
  useEffect(() => {
    if (autoFocus) field.current?.focus();
  }, []);
  useEffect(() => {
    if (!request?.text) return;
    setQuote(request.text);
    field.current?.focus();
  }, [request?.n]);

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!body.trim()) return;
    setBusy(true);
    setError(null);
    try {
      if (editing) await api.editComment(editing.id, body.trim());
      else {
        const input = { body: body.trim(), ...(parentId ? { parentId } : {}), ...(quote ? { quote } : {}) };
        await ('amendmentId' in target ? api.createAmendmentComment(target.amendmentId, input) : api.createComment(slug, target.articleId, input));
      }
      setBody('');
      if (quote) setQuoted(quote);
      setQuote(null);
      onDone();
    } catch (err) {
      setError(describeDebateError(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form class="comment-form stack-tight" onSubmit={submit} data-testid={editing ? 'comment-edit-form' : parentId ? 'reply-form' : 'comment-form'}>
      {quote && (
        <div class="quote-chip">
          <blockquote class="comment-quote">{quote}</blockquote>
          <button type="button" class="link-button" onClick={() => setQuote(null)}>
            {t('comments.removeQuote')}
          </button>
        </div>
      )}
      {!quote && selection && selection !== quoted && (
        <button
          type="button"
          class="button-quiet button-block"
          data-testid="quote-selection"
          onClick={() => {
            setQuote(selection);
            field.current?.focus();
          }}
        >
          {t('comments.quoteSelection')}
          <span class="quote-preview">« {selection.length > 80 ? `${selection.slice(0, 80)}…` : selection} »</span>
        </button>
      )}
      <label class="field">
        <span class={parentId || editing ? 'visually-hidden' : ''}>{label}</span>
        <textarea
          ref={field}
          class="comment-input"
          rows={parentId || editing ? 3 : 4}
          required
          maxLength={TextLimit.commentBody}
          value={body}
          onInput={(e) => setBody(e.currentTarget.value)}
        />
      </label>
      <LengthHint value={body} limit={TextLimit.commentBody} />
      <FormError message={error} />
      <div class="button-row">
        <button type="submit" class="button button-small" disabled={busy || !body.trim()} data-testid="comment-submit">
          {submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button-quiet" onClick={onCancel}>
            {t('common.cancel')}
          </button>
        )}
      </div>
    </form>
  );
}
