import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.js';
import type { Amendment, AmendmentDetail } from '../../shared/validation/amendments.js';
import { FormError } from './form-error.js';
import { useDebate } from './debate-context.js';
import { useAction } from './use-action.js';

/** `#12`, or "Draft" for an amendment not filed yet (drafts have no number). */
export function AmendmentNumber({ amendment }: { amendment: Pick<Amendment, 'status' | 'number'> }) {
  const { t } = useI18n();
  return <span class="amendment-number">{amendment.status === 'draft' ? t('amendment.draftNumber') : `#${amendment.number}`}</span>;
}

/**
 * How far an amendment is from the rulebook's co-signature threshold, as a bar with its figures in words (so it
 * reads without colour), and whether the public answer it is owed is overdue. Nothing without a threshold.
 */
export function CosignProgress({ amendment }: { amendment: Amendment }) {
  const { t } = useI18n();
  const threshold = amendment.cosignThreshold;
  if (threshold === null) return null;
  const reached = amendment.cosignerCount >= threshold;
  return (
    <div class={`cosign-progress${reached ? ' is-reached' : ''}`} data-testid="cosign-progress">
      <progress max={threshold} value={Math.min(amendment.cosignerCount, threshold)} aria-label={t('cosign.heading')} />
      <span class="small">{reached ? t('cosign.met') : t('cosign.progress', { n: amendment.cosignerCount, threshold })}</span>
      {amendment.overdue ? (
        <span class="badge badge-overdue" data-testid="cosign-overdue">
          {t('cosign.overdue')}
        </span>
      ) : (
        amendment.answerDue &&
        amendment.status === 'open' && (
          <span class="badge badge-owed" data-testid="cosign-owed">
            {t('cosign.owed')}
          </span>
        )
      )}
    </div>
  );
}

/** The co-sign button for someone who may take part and is not the author, or the fact that they co-signed. */
export function CosignControl({ amendment, onChanged }: { amendment: Amendment; onChanged: () => void }) {
  const { t } = useI18n();
  const { me, canTakePart } = useDebate();
  const { busy, error, run } = useAction();
  if (amendment.cosignedByMe) return <span class="muted small" data-testid="cosigned">{t('cosign.signed')}</span>;
  if (!me || amendment.mine || !canTakePart || (amendment.status !== 'draft' && amendment.status !== 'open')) return null;
  return (
    <div class="cosign-control">
      <button type="button" class="button button-small" disabled={busy} data-testid="cosign-button" onClick={() =>
          void run(async () => {
            await api.cosign(amendment.id);
            onChanged();
          })
        }
      >
        {t('cosign.button')}
      </button>
      <FormError message={error} />
    </div>
  );
}

/** What a draft's page says: to its author, how to share and file it; to others, that they may co-sign before it is filed. */
export function DraftPanel({ amendment, onFiled }: { amendment: Amendment; onFiled: (filed: Amendment) => void }) {
  const { t } = useI18n();
  const [copied, setCopied] = useState(false);
  const { busy, error, run } = useAction();
  if (amendment.status !== 'draft') return null;
  if (!amendment.mine) {
    return (
      <p class="notice" data-testid="draft-notice">
        {t('cosign.draftNoticeOthers')}
      </p>
    );
  }
  const copy = async () => {
    await navigator.clipboard?.writeText(window.location.href);
    setCopied(true);
  };
  const file = () => {
    if (window.confirm(t('cosign.fileConfirm'))) void run(async () => onFiled(await api.fileAmendment(amendment.id)));
  };
  return (
    <div class="notice stack-tight" data-testid="draft-notice">
      <p>{t('cosign.draftNotice')}</p>
      <p class="draft-link">
        <input readOnly value={window.location.href} aria-label={t('cosign.copyLink')} onFocus={(e) => e.currentTarget.select()} />
      </p>
      <div class="button-row">
        <button type="button" class="button-quiet button-small" onClick={() => void copy()}>
          {t('cosign.copyLink')}
        </button>
        <button type="button" class="button button-small" data-testid="file-amendment" disabled={busy} onClick={file}>
          {t('cosign.file')}
        </button>
        {copied && (
          <span class="muted small" role="status">
            {t('cosign.linkCopied')}
          </span>
        )}
      </div>
      <FormError message={error} />
    </div>
  );
}

/** The people who co-signed an amendment, in the order they did. */
export function CosignersSection({ amendment }: { amendment: AmendmentDetail }) {
  const { t } = useI18n();
  return (
    <section class="detail-section" aria-labelledby="cosigners-heading" data-testid="cosigners">
      <h3 id="cosigners-heading">
        {t('cosign.heading')} <span class="count-pill">{amendment.cosigners.length}</span>
      </h3>
      {amendment.cosigners.length === 0 ? (
        <p class="muted">{t('cosign.none')}</p>
      ) : (
        <ul class="name-list">
          {amendment.cosigners.map((cosigner) => (
            <li>{cosigner.displayName}</li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** The organisers' setting: from how many co-signers an amendment must get a public answer (0: no such rule). */
export function CosignThresholdForm() {
  const { t } = useI18n();
  const { slug, rulebook } = useDebate();
  const [value, setValue] = useState(String(rulebook.cosignThreshold ?? 0));
  const { busy, error, run } = useAction();
  const submit = (event: Event) => {
    event.preventDefault();
    void run(async () => {
      await api.setCosignThreshold(slug, Number(value));
    });
  };
  return (
    <form class="cosign-threshold-form button-row" onSubmit={submit} data-testid="cosign-threshold-form">
      <label class="field">
        <span>{t('cosign.thresholdLabel')}</span>
        <input type="number" min={0} step={1} required value={value} onInput={(e) => setValue(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button button-small" disabled={busy}>
        {t('cosign.thresholdSave')}
      </button>
      <FormError message={error} />
    </form>
  );
}
