import { api } from '../../api.js';
import { useI18n } from '../../i18n/index.js';
import type { RulebookSummary } from '../../../shared/validation/api.js';
import { useResource } from '../use-resource.js';

/** The organisers' badge: how many reported comments wait in the moderation queue. */
function ModerationLink({ slug }: { slug: string }) {
  const { t, tn } = useI18n();
  const count = useResource(() => api.moderationCount(slug), [slug]);
  const waiting = count.data?.waiting ?? 0;
  return (
    <a class="desk-link" href={`/r/${slug}/moderation`} data-testid="moderation-link">
      {t('moderation.link')}
      {waiting > 0 && (
        <span class="tab-count" data-testid="moderation-badge">
          <span aria-hidden="true">{waiting}</span>
          <span class="visually-hidden">{tn('moderation.badge', waiting)}</span>
        </span>
      )}
    </a>
  );
}

/** Links from a rulebook to its consultation report (everyone), its moderation queue and the organiser's overview (organisers). */
export function DeskLinks({ rulebook }: { rulebook: RulebookSummary }) {
  const { t } = useI18n();
  return (
    <>
      <a class="desk-link" href={`/r/${rulebook.slug}/report`} data-testid="report-link">
        {t('report.link')}
      </a>
      {rulebook.role === 'organiser' && (
        <>
          <ModerationLink slug={rulebook.slug} />
          <a class="desk-link" href={`/r/${rulebook.slug}/desk`} data-testid="desk-link">
            {t('desk.link')}
          </a>
        </>
      )}
    </>
  );
}
