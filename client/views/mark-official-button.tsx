import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import type { Release, ReleaseSummary } from '../../shared/validation/releases.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { compareVersions, summaryParts } from './release-bits.js';
import { useResource } from './use-resource.js';
import { useAction } from './use-action.js';

/** What changes between the official version and the one about to replace it, in counts, the older one first. */
function ChangesFromOfficial({ slug, official, version }: { slug: string; official: string; version: string }) {
  const { t, tn } = useI18n();
  const [from, to] = compareVersions(official, version) < 0 ? [official, version] : [version, official];
  const diff = useResource(() => api.diffVersions(slug, from, to), [slug, from, to]);
  if (!diff.data) return diff.error ? null : <p class="muted small" aria-busy="true">{t('common.loading')}</p>;
  const parts = summaryParts(tn, diff.data.summary);
  return (
    <p class="small" data-testid="official-changes">
      {t('official.confirmChanges', { from, to, changes: parts.length > 0 ? parts.join(', ') : t('summary.none') })}
    </p>
  );
}

/**
 * Organisers: the "Mark as official" button of a release, which first asks to confirm in a dialog saying which
 * version becomes official and which one stops being.
 */
export function MarkOfficialButton({ slug, version, releases, quiet = false, onMarked }: { slug: string; version: string; releases: readonly ReleaseSummary[]; quiet?: boolean; onMarked: (release: Release) => void }) {
  const { t } = useI18n();
  const [asking, setAsking] = useState(false);
  const { busy, error, setError, run } = useAction(describeDebateError);
  const official = releases.find((r) => r.official)?.version ?? null;

  const confirm = () =>
    run(async () => {
      const release = await api.markOfficial(slug, version);
      setAsking(false);
      onMarked(release);
    });

  return (
    <>
      <button
        type="button"
        class={`button-quiet${quiet ? ' button-small' : ''}`}
        aria-label={t('releases.markOfficialLabel', { version })}
        aria-haspopup="dialog"
        data-testid="mark-official"
        onClick={() => {
          setError(null);
          setAsking(true);
        }}
      >
        {t('releases.markOfficial')}
      </button>
      {asking && (
        <ConfirmDialog
          title={t('official.confirmTitle', { version })}
          confirmLabel={t('official.confirmSubmit', { version })}
          busy={busy}
          error={error}
          onConfirm={confirm}
          onCancel={() => setAsking(false)}
          testid="official-dialog"
        >
          <p data-testid="official-becomes">{t('official.confirmBecomes', { version })}</p>
          <p data-testid="official-replaces">{official ? t('official.confirmReplaces', { official }) : t('official.confirmFirst')}</p>
          {official && official !== version && <ChangesFromOfficial slug={slug} official={official} version={version} />}
        </ConfirmDialog>
      )}
    </>
  );
}
