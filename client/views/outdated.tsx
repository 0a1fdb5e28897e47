import { useI18n } from '../i18n/index.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import { rulebookHref, useDebate } from './debate-context.js';

/** A badge on an open amendment whose article changed since it was proposed, saying how it would apply now. */
export function OutdatedBadge({ amendment }: { amendment: Amendment }) {
  const { t } = useI18n();
  if (!amendment.outdated) return null;
  return (
    <span class={`badge outdated-badge preview-${amendment.preview ?? 'conflict'}`} data-testid="outdated-badge" data-preview={amendment.preview}>
      {t('outdated.badge')} · {t(amendment.preview === 'clean' ? 'outdated.previewClean' : 'outdated.previewConflict')}
    </span>
  );
}

/** On an outdated amendment's page: what changed means for accepting it, and where to compare it with the others. */
export function OutdatedNotice({ amendment }: { amendment: Amendment }) {
  const { t } = useI18n();
  const { slug } = useDebate();
  if (!amendment.outdated) return null;
  return (
    <div class={`notice outdated-notice preview-${amendment.preview ?? 'conflict'}`} data-testid="outdated-notice" data-preview={amendment.preview}>
      <p>{t(amendment.preview === 'clean' ? 'outdated.clean' : 'outdated.conflict')}</p>
      {amendment.kind !== 'insert' && <CompareLink id={amendment.id} slug={slug} />}
    </div>
  );
}

/** A link to the side-by-side comparison of the open amendments on an amendment's article. */
export function CompareLink({ id, slug }: { id: string; slug: string }) {
  const { t } = useI18n();
  return (
    <a href={`${rulebookHref(slug, { amendment: id })}?compare=1`} data-testid="compare-link">
      {t('compare.link')}
    </a>
  );
}
