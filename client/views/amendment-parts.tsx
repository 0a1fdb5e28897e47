import { useEffect, useRef, useState } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { describeDebateError, useI18n, type Translate } from '../i18n/index.js';
import type { Amendment, AmendmentConflict } from '../../shared/validation/amendments.js';
import { TextLimit } from '../../shared/validation/limits.js';
import { FormError } from './form-error.js';
import { LengthHint } from './length-hint.js';
import { KindLabel, RichText, StatusBadge, SupportTally, TimeStamp } from './debate-bits.js';
import { rulebookHref, useDebate, type Debate } from './debate-context.js';
import { ConflictResolver, isConflict } from './conflict-resolver.js';
import { OutdatedBadge } from './outdated.js';
import { withNumberNow } from './article-number.js';
import { AmendmentNumber, CosignProgress } from './cosigning.js';
import { ChangeSummary } from './change-summary.js';

/** What an amendment is about, e.g. "Article 4", "New article after Article 2", "A removed article". */
export function amendmentTarget(t: Translate, debate: Pick<Debate, 'numberOf'>, amendment: Amendment): string {
  if (amendment.kind === 'insert') {
    if (amendment.status === 'accepted') {
      const placed = debate.numberOf(amendment.articleId);
      if (placed !== null) return t('amendment.article', { n: placed });
    }
    if (amendment.afterArticleId === null) return t('amendment.insertAtStart');
    const after = debate.numberOf(amendment.afterArticleId);
    if (amendment.articleNumberThen !== null) return withNumberNow(t, t('amendment.insertAfter', { n: amendment.articleNumberThen }), amendment.articleNumberThen, after);
    return after === null ? t('amendment.insertAfterRemoved') : t('amendment.insertAfter', { n: after });
  }
  // Named by the number it had when proposed, as its rationale and its decision's reason do.
  const now = amendment.articleNumber ?? debate.numberOf(amendment.articleId);
  if (amendment.articleNumberThen !== null) return withNumberNow(t, t('amendment.article', { n: amendment.articleNumberThen }), amendment.articleNumberThen, now);
  return now === null ? t('amendment.removedArticle') : t('amendment.article', { n: now });
}

/** Support or withdraw one's support; shows the count, and a plain count when one cannot support. */
export function SupportControl({ amendment, onChanged }: { amendment: Amendment; onChanged: (next?: Amendment) => void }) {
  const { t } = useI18n();
  const { me, canTakePart } = useDebate();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const canToggle = me !== null && !amendment.mine && amendment.status === 'open' && canTakePart;

  const toggle = async () => {
    setBusy(true);
    setError(null);
    try {
      if (amendment.supportedByMe) await api.withdrawSupport(amendment.id);
      else await api.support(amendment.id);
      onChanged();
    } catch (err) {
      setError(describeDebateError(t, err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="support">
      <span class="support-count" data-testid="support-count">
        <span class="support-glyph" aria-hidden="true">▲</span>
        <SupportTally count={amendment.supportCount} />
      </span>
      {canToggle && (
        <button
          type="button"
          class={`button-quiet button-small support-button${amendment.supportedByMe ? ' is-on' : ''}`}
          aria-pressed={amendment.supportedByMe}
          disabled={busy}
          data-testid="support-button"
          onClick={toggle}
        >
          {amendment.supportedByMe ? t('amendment.withdrawSupport') : t('amendment.support')}
        </button>
      )}
      <FormError message={error} />
    </div>
  );
}

/** A decision as it will be sent, which the organiser confirms first. */
export type DecisionRequest = Parameters<typeof api.decide>[1];

/**
 * Organisers: accept or reject an open amendment with a public reason, sent once `confirm` resolves to true. When the
 * article changed since the proposal and the server reports a conflict, show the three wordings and let the organiser
 * write the merged one.
 */
export function DecisionControls({ amendment, onDecided, confirm }: { amendment: Amendment; onDecided: (next: Amendment) => void; confirm: (request: DecisionRequest) => Promise<boolean> }) {
  const { t } = useI18n();
  const [decision, setDecision] = useState<'accept' | 'reject' | null>(null);
  const [reason, setReason] = useState('');
  const [conflict, setConflict] = useState<AmendmentConflict | null>(null);
  const [resolvedTitle, setResolvedTitle] = useState('');
  const [resolvedText, setResolvedText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const reasonField = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (decision) reasonField.current?.focus();
  }, [decision]);

  if (amendment.status !== 'open') return null;

  const cancel = () => {
    setDecision(null);
    setConflict(null);
    setError(null);
  };

  const submit = async (event: Event) => {
    event.preventDefault();
    if (!decision || !reason.trim()) return;
    setBusy(true);
    setError(null);
    try {
      // A deletion has no wording to merge: confirming it against the changed article is the resolution.
      // A resolution names the wording it was made against, so that it cannot undo a change made since.
      const against = conflict?.currentHash ?? undefined;
      const resolution = !conflict ? {} : amendment.kind === 'delete' ? { resolvedAgainst: against } : { resolvedText, resolvedTitle, resolvedAgainst: against };
      const request = { decision, reason: reason.trim(), ...resolution };
      if (!(await confirm(request))) return;
      const next = await api.decide(amendment.id, request);
      setDecision(null);
      setConflict(null);
      onDecided(next);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'amendment_conflict' && isConflict(err.details)) {
        setConflict(err.details);
        // Prefilled with the merge, which keeps the draft's wording where they clash: never the stale proposal.
        const start = err.details.merged ?? err.details.current;
        setResolvedTitle(start?.title ?? '');
        setResolvedText(start?.text ?? '');
        // A merge to review explains itself in the resolver; the other two cases are told here.
        setError(err.details.current === null ? t('decision.conflictGoneHelp') : amendment.kind === 'delete' ? t('decision.conflictDeleteHelp') : null);
      } else {
        setError(describeDebateError(t, err));
      }
    } finally {
      setBusy(false);
    }
  };

  if (!decision) {
    return (
      <div class="decision-buttons">
        <button type="button" class="button button-small button-accept" data-testid="decision-accept" onClick={() => setDecision('accept')}>
          {t('decision.accept')}
        </button>
        <button type="button" class="button button-small button-reject" data-testid="decision-reject" onClick={() => setDecision('reject')}>
          {t('decision.reject')}
        </button>
      </div>
    );
  }

  const reasonId = `decision-reason-${amendment.id}`;
  return (
    <form class={`decision-form decision-${decision} stack-tight`} onSubmit={submit} data-testid="decision-form">
      <label class="field" for={reasonId}>
        <span>{decision === 'accept' ? t('decision.reasonAccept', { n: amendment.number }) : t('decision.reasonReject', { n: amendment.number })}</span>
      </label>
      <textarea
        id={reasonId}
        ref={reasonField}
        class="field-input"
        rows={3}
        required
        maxLength={TextLimit.decisionReason}
        value={reason}
        aria-describedby={`${reasonId}-hint`}
        data-testid="decision-reason"
        onInput={(e) => setReason(e.currentTarget.value)}
      />
      <LengthHint value={reason} limit={TextLimit.decisionReason} />
      <small id={`${reasonId}-hint`} class="muted">
        {t('decision.reasonHint')}
      </small>
      {conflict && (
        <ConflictResolver
          key={conflict.currentHash}
          conflict={conflict}
          kind={amendment.kind}
          title={resolvedTitle}
          text={resolvedText}
          onChange={(wording) => {
            setResolvedTitle(wording.title);
            setResolvedText(wording.text);
          }}
        />
      )}
      <FormError message={error} />
      <div class="button-row">
        <button
          type="submit"
          class={`button button-small ${decision === 'accept' ? 'button-accept' : 'button-reject'}`}
          disabled={busy || !reason.trim() || (decision === 'accept' && conflict !== null && conflict.current === null)}
          data-testid="decision-submit"
        >
          {decision === 'accept'
            ? conflict
              ? t('decision.acceptResolved', { n: amendment.number })
              : t('decision.confirmAccept', { n: amendment.number })
            : t('decision.confirmReject', { n: amendment.number })}
        </button>
        <button type="button" class="button-quiet" onClick={cancel}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}

/** Who decided, when, and their public reason. */
export function DecisionNote({ amendment }: { amendment: Amendment }) {
  const { t } = useI18n();
  if (amendment.status !== 'accepted' && amendment.status !== 'rejected') return null;
  return (
    <div class={`decision-note decision-note-${amendment.status}`} data-testid="decision-note">
      <p class="decision-by">
        {t(amendment.status === 'accepted' ? 'amendment.acceptedBy' : 'amendment.rejectedBy', { name: amendment.decidedBy?.displayName ?? '—' })}
        {amendment.decidedAt && (
          <>
            {' · '}
            <TimeStamp iso={amendment.decidedAt} />
          </>
        )}
      </p>
      {amendment.merged && (
        <p class="decision-merged small" data-testid="decision-merged">
          {t('merge.mergedNote')}
        </p>
      )}
      {amendment.decisionReason && <RichText text={amendment.decisionReason} class="decision-reason-text" />}
    </div>
  );
}

/** One amendment in a list: number, kind, target, author, the change itself (its phrases), rationale, support and status; it links to its page, where organisers decide. */
export function AmendmentCard({ amendment, onChanged, compact = false }: { amendment: Amendment; onChanged: () => void; compact?: boolean }) {
  const { t, tn } = useI18n();
  const debate = useDebate();
  const href = rulebookHref(debate.slug, { amendment: amendment.id });
  const headingId = `amendment-${amendment.id}`;
  return (
    <article class={`amendment-card status-${amendment.status}`} aria-labelledby={headingId} data-testid="amendment-card" data-amendment-id={amendment.id}>
      <header class="amendment-card-head">
        <h3 id={headingId} class="amendment-card-title">
          <a href={href} data-testid="amendment-link">
            <AmendmentNumber amendment={amendment} /> <KindLabel kind={amendment.kind} />
            <span class="amendment-target"> · {amendmentTarget(t, debate, amendment)}</span>
          </a>
        </h3>
        <span class="amendment-badges">
          <OutdatedBadge amendment={amendment} />
          <StatusBadge status={amendment.status} />
        </span>
      </header>
      <p class="amendment-meta">
        {t('amendment.by', { name: amendment.author.displayName })} · <TimeStamp iso={amendment.createdAt} />
        {amendment.mine && <span class="badge badge-mine">{t('amendment.yours')}</span>}
      </p>
      <ChangeSummary amendment={amendment} />
      <RichText text={amendment.rationale} class={`amendment-rationale${compact ? ' is-clamped' : ''}`} />
      <CosignProgress amendment={amendment} />
      <footer class="amendment-card-foot">
        {amendment.status !== 'draft' && <SupportControl amendment={amendment} onChanged={onChanged} />}
        {amendment.cosignerCount > 0 && <span class="muted small">{tn('cosign.count', amendment.cosignerCount)}</span>}
        {amendment.status !== 'draft' && (
          <span class="muted small" data-testid="card-comment-count">
            {tn('card.comments', amendment.commentCount)}
          </span>
        )}
      </footer>
      <DecisionNote amendment={amendment} />
    </article>
  );
}
