import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import type { DraftView } from '../../shared/validation/api.js';
import type { Release, VersionComparison } from '../../shared/validation/releases.js';
import { ConfirmDialog } from './confirm-dialog.js';
import { FormError } from './form-error.js';
import { DiffText } from './diff-view.js';
import { RichText } from './debate-bits.js';
import { summaryParts } from './release-bits.js';
import { useResource } from './use-resource.js';
import { changedRuns, ChangedArticle, CompactGroup, groupArticles } from './version-diff-articles.js';

/** The changes since `latest`, article by article (unchanged ones counted, not shown), with their counts. */
function ChangesSince({ diff, latest, version }: { diff: VersionComparison; latest: string; version: string }) {
  const { t, tn } = useI18n();
  const parts = summaryParts(tn, diff.summary);
  const titleChanged = changedRuns(diff.title);
  const preambleChanged = changedRuns(diff.preamble);
  if (parts.length === 0 && !titleChanged && !preambleChanged) {
    return (
      <p class="notice" data-testid="publish-no-change">
        {t('publish.confirmNoChange', { latest })}
      </p>
    );
  }
  return (
    <>
      <p>{t('publish.confirmChanges', { version, latest })}</p>
      <p class="publish-counts" data-testid="publish-counts">
        <strong>{parts.length > 0 ? parts.join(', ') : t('summary.none')}</strong>
        {diff.summary.unchanged > 0 && <span class="muted"> · {tn('diff.unchangedCount', diff.summary.unchanged)}</span>}
      </p>
      <div class="publish-changes diff-list">
        {titleChanged && (
          <section class="diff-article change-modified">
            <h3>{t('diff.docTitle')}</h3>
            <div class="diff-paper">
              <DiffText runs={diff.title!} />
            </div>
          </section>
        )}
        {preambleChanged && (
          <section class="diff-article change-modified">
            <h3>{t('diff.preamble')}</h3>
            <div class="diff-paper diff-text">
              <DiffText runs={diff.preamble!} />
            </div>
          </section>
        )}
        {groupArticles(diff.articles).map((group) =>
          group.kind === 'unchanged' ? null : group.kind === 'compact' ? (
            <CompactGroup key={`c-${group.articles[0]!.id}`} articles={group.articles} causes={new Map()} />
          ) : (
            <ChangedArticle key={group.articles[0].id} article={group.articles[0]} view="inline" from={latest} to="draft" causes={[]} />
          ),
        )}
      </div>
    </>
  );
}

/**
 * The dialog that confirms publishing `version`: it shows what the release will freeze (the changes since the latest
 * release, or the article count of a first one) and the notes, then publishes. A refusal closes it with `onFailed`,
 * since the version or the notes are fixed in the form.
 */
export function PublishDialog({ slug, version, notes, latest, onPublished, onFailed, onCancel }: { slug: string; version: string; notes: string; latest: string | null; onPublished: (release: Release) => void; onFailed: (err: unknown) => void; onCancel: () => void }) {
  const { t, tn } = useI18n();
  const [busy, setBusy] = useState(false);
  // What the release will freeze: the changes since the latest release, or the whole draft for a first one.
  const preview = useResource<VersionComparison | DraftView>(() => (latest ? api.diffVersions(slug, latest, 'draft') : api.getDraft(slug)), [slug, latest]);
  const shown = preview.data;

  const publish = async () => {
    setBusy(true);
    try {
      onPublished(await api.publishRelease(slug, { version, ...(notes ? { notes } : {}) }));
    } catch (err) {
      setBusy(false);
      onFailed(err);
    }
  };

  return (
    <ConfirmDialog
      title={t('publish.confirmTitle', { version })}
      confirmLabel={busy ? t('publish.publishing') : t('publish.submit', { version })}
      busy={busy}
      confirmDisabled={!shown}
      onConfirm={publish}
      onCancel={onCancel}
      testid="publish-dialog"
    >
      {preview.error && !shown ? (
        <FormError message={describeDebateError(t, preview.error)} />
      ) : !shown ? (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : latest && 'summary' in shown ? (
        <ChangesSince diff={shown} latest={latest} version={version} />
      ) : (
        <p data-testid="publish-counts">{tn('publish.confirmFirst', shown.articles.length, { version })}</p>
      )}
      {notes && (
        <section class="publish-confirm-notes">
          <h3>{t('publish.notes')}</h3>
          <RichText text={notes} class="release-notes" />
        </section>
      )}
      <p class="muted small">{t('publish.confirmFinal')}</p>
    </ConfirmDialog>
  );
}
