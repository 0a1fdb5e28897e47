import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import type { AmendmentDetail } from '../../shared/validation/amendments.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { RichText } from './debate-bits.js';
import { DiffBlock } from './diff-view.js';
import { DecisionControls, type DecisionRequest } from './amendment-parts.js';

/** What deciding will do: the change made (or not made) to the draft, and the reason that will be published. */
function DecisionDialog({ amendment, request, opener, onAnswer }: { amendment: AmendmentDetail; request: DecisionRequest; opener: HTMLElement | null; onAnswer: (confirmed: boolean) => void }) {
  const { t } = useI18n();
  const accept = request.decision === 'accept';
  const n = amendment.number;
  const resolved = accept && request.resolvedText !== undefined;
  return (
    <ConfirmDialog
      title={t(accept ? 'decision.confirmAcceptTitle' : 'decision.confirmRejectTitle', { n })}
      confirmLabel={t(accept ? 'decision.confirmAccept' : 'decision.confirmReject', { n })}
      tone={accept ? 'accept' : 'reject'}
      returnFocus={opener}
      onConfirm={() => onAnswer(true)}
      onCancel={() => onAnswer(false)}
      testid="decision-dialog"
    >
      <p>{t(accept ? (resolved ? 'decision.confirmAcceptResolved' : 'decision.confirmAcceptWhat') : 'decision.confirmRejectWhat', { n })}</p>
      {resolved ? (
        <section class="diff-block" data-testid="decision-dialog-wording">
          <div class="diff-paper">
            {request.resolvedTitle && <p class="diff-title">{request.resolvedTitle}</p>}
            <div class="diff-text">{request.resolvedText}</div>
          </div>
        </section>
      ) : (
        <DiffBlock heading={t('detail.diffProposal')} title={amendment.diff.title} text={amendment.diff.text} testid="decision-dialog-diff" />
      )}
      {accept && !resolved && amendment.currentDiff && <p class="notice">{t('detail.articleChanged')}</p>}
      <section class="decision-dialog-reason" aria-labelledby="decision-dialog-reason">
        <h3 id="decision-dialog-reason">{t('decision.confirmReason')}</h3>
        <RichText text={request.reason} class="decision-reason-text" />
      </section>
      <p class="muted small">{t('decision.confirmFinal')}</p>
    </ConfirmDialog>
  );
}

/**
 * Organisers: accept or reject an open amendment. Nothing is sent before a dialog has shown the change and the reason
 * that will be published, and the organiser has confirmed. Used on the amendment's page and from the draft.
 */
export function DecisionFlow({ amendment, onDecided }: { amendment: AmendmentDetail; onDecided: () => void }) {
  const [pending, setPending] = useState<{ request: DecisionRequest; opener: HTMLElement | null; answer: (confirmed: boolean) => void } | null>(null);
  // The form's button is disabled while the dialog is open, so it is remembered now, while it still has focus.
  const confirm = (request: DecisionRequest) => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    return new Promise<boolean>((answer) => setPending({ request, opener, answer }));
  };
  return (
    <>
      <DecisionControls amendment={amendment} onDecided={onDecided} confirm={confirm} />
      {pending && (
        <DecisionDialog
          amendment={amendment}
          request={pending.request}
          opener={pending.opener}
          onAnswer={(confirmed) => {
            setPending(null);
            pending.answer(confirmed);
          }}
        />
      )}
    </>
  );
}

/** Organisers: the decision on an open amendment, shown next to its diff. */
export function DecisionSection({ amendment, onDecided }: { amendment: AmendmentDetail; onDecided: () => void }) {
  const { t } = useI18n();
  return (
    <section class="detail-section decision-section" aria-labelledby="decision-heading">
      <h3 id="decision-heading">{t('detail.decision')}</h3>
      <DecisionFlow amendment={amendment} onDecided={onDecided} />
    </section>
  );
}
