import { linkifyText, type AmendmentHref } from '../linkify.js';
import { formatDateTime } from '../format.js';
import { useI18n } from '../i18n/index.js';
import type { AmendmentKind, AmendmentStatus } from '../../shared/validation/amendments.js';
import { useDebate } from './debate-context.js';

/** Text written by a participant: line breaks kept, links (and, given `amendmentHref`, `#N`) made clickable, everything else escaped by JSX. */
export function RichText({ text, class: className = '', amendmentHref }: { text: string; class?: string; amendmentHref?: AmendmentHref }) {
  return (
    <div class={`rich-text ${className}`}>
      {linkifyText(text, amendmentHref).map((segment) =>
        segment.kind === 'link' ? (
          <a href={segment.href} rel="noopener nofollow ugc" target="_blank">
            {segment.text}
          </a>
        ) : segment.kind === 'amendment' ? (
          <a href={segment.href} class="amendment-ref" data-testid="amendment-ref">
            {segment.text}
          </a>
        ) : (
          segment.text
        ),
      )}
    </div>
  );
}

/** A moment in the reader's locale, with the full date as a tooltip and the ISO instant for machines. */
export function TimeStamp({ iso }: { iso: string }) {
  const { lang } = useI18n();
  return (
    <time dateTime={iso} title={formatDateTime(lang, iso, 'long')}>
      {formatDateTime(lang, iso)}
    </time>
  );
}

/** Where an amendment stands, as a coloured badge. */
export function StatusBadge({ status }: { status: AmendmentStatus }) {
  const { t } = useI18n();
  return (
    <span class={`badge status-badge status-${status}`} data-testid="status-badge" data-status={status}>
      {t(`amendment.status.${status}`)}
    </span>
  );
}

/** The kind of an amendment, in words. */
export function KindLabel({ kind }: { kind: AmendmentKind }) {
  const { t } = useI18n();
  return <span class={`kind kind-${kind}`}>{t(`amendment.kind.${kind}`)}</span>;
}

/**
 * Why this person cannot comment or propose right now, with the way forward (sign in); nothing when they can.
 */
export function TakePartNotice({ next }: { next: string }) {
  const { t, lang } = useI18n();
  const { me, canTakePart, consultation, rulebook } = useDebate();
  if (canTakePart) return null;
  if (!me) {
    return (
      <p class="notice" data-testid="take-part-notice">
        <a href={`/signin?next=${encodeURIComponent(next)}`}>{t('debate.signIn')}</a>
      </p>
    );
  }
  const message =
    consultation === 'upcoming'
      ? t('debate.notYetOpen', { date: formatDateTime(lang, rulebook.opensAt) })
      : consultation === 'closed'
        ? t('debate.closed', { date: formatDateTime(lang, rulebook.closesAt) })
        : t('debate.unscheduled');
  return (
    <p class="notice" data-testid="take-part-notice">
      {message}
    </p>
  );
}

/** How many support an amendment, or that supports stay hidden until the consultation closes (`count` null). */
export function SupportTally({ count }: { count: number | null }) {
  const { t, tn } = useI18n();
  return <>{count === null ? t('amendment.supportsHidden') : tn('amendment.supporters', count)}</>;
}
