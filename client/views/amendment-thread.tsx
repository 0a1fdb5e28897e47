/** The debate about one amendment: its own comment thread, where a passage of its proposed wording can be quoted. */
import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import type { AmendmentDetail } from '../../shared/validation/amendments.js';
import { CommentSection } from './comments.js';
import { CommentForm } from './comment-form.js';
import { useDebate } from './debate-context.js';
import { useResource } from './use-resource.js';

/** The text the reader has selected inside `container`, or null. */
function selectedWithin(container: string): string | null {
  const selection = document.getSelection();
  const text = selection?.toString().trim();
  if (!selection || !text || selection.rangeCount === 0) return null;
  const node = selection.getRangeAt(0).commonAncestorContainer;
  const element = node instanceof Element ? node : node.parentElement;
  return element?.closest(container) ? text : null;
}

/** An amendment's thread, live; a passage selected in its proposal is offered as the quote of a new comment. */
export function AmendmentThread({ amendment }: { amendment: AmendmentDetail }) {
  const { t } = useI18n();
  const { canTakePart } = useDebate();
  const comments = useResource(() => api.listAmendmentComments(amendment.id), [amendment.id]);
  // Comment events name the article; an amendment's thread is told apart on reload.
  useRulebookEvent(comments.reload, (event) => event.type === 'comment.changed' && event.articleId === amendment.articleId);
  const [selection, setSelection] = useState<string | null>(null);
  useEffect(() => {
    const follow = () => setSelection(selectedWithin('[data-testid="diff-proposal"]'));
    document.addEventListener('selectionchange', follow);
    return () => document.removeEventListener('selectionchange', follow);
  }, []);
  return (
    <CommentSection comments={comments} title={t('amendmentThread.title')} class="detail-section">
      {canTakePart && (
        <CommentForm
          target={{ amendmentId: amendment.id }}
          selection={selection}
          label={t('amendmentThread.newLabel')}
          submitLabel={t('comments.send')}
          onDone={comments.reload}
        />
      )}
    </CommentSection>
  );
}
