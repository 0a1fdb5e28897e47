import { useState } from 'preact/hooks';
import { ApiError } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import type { Release, ReleaseSummary } from '../../shared/validation/releases.js';
import { FormError } from './form-error.js';
import { RichText, TimeStamp } from './debate-bits.js';
import { diffHref, releaseHref, useDebate } from './debate-context.js';
import { ChangelogLine, compareVersions, OfficialBadge, parseVersion, ReleasePdfLink, suggestNextVersion } from './release-bits.js';
import { MarkOfficialButton } from './mark-official-button.js';
import { PublishDialog } from './publish-dialog.js';
import type { Resource } from './use-resource.js';
import { TextLimit } from '../../shared/validation/limits.js';

/** The message for a publication refused with this code, naming the versions involved, or null for other codes. */
function refusalMessage(t: ReturnType<typeof useI18n>['t'], code: string | null, version: string, latest: string | null): string | null {
  if (code === 'validation_failed') return t('publish.invalidVersion');
  if (code === 'version_exists') return t('error.version_exists', { version });
  if (code === 'version_not_increasing') return t('error.version_not_increasing', { latest: latest ?? '' });
  return null;
}

/** The code the server would refuse this version with, checked before asking to confirm: its shape, then its order. */
function versionRefusal(version: string, releases: readonly ReleaseSummary[]): string | null {
  const latest = releases[0]?.version;
  if (!parseVersion(version)) return 'validation_failed';
  if (releases.some((r) => r.version === version)) return 'version_exists';
  return latest && compareVersions(version, latest) <= 0 ? 'version_not_increasing' : null;
}

/** Organisers: freeze the draft as a new version, the next one suggested. */
function PublishForm({ slug, releases, onPublished }: { slug: string; releases: ReleaseSummary[]; onPublished: (release: Release) => void }) {
  const { t } = useI18n();
  const latest = releases[0]?.version ?? null;
  const [version, setVersion] = useState(() => suggestNextVersion(releases));
  const [notes, setNotes] = useState('');
  const [asking, setAsking] = useState<{ version: string; notes: string } | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = (event: Event) => {
    event.preventDefault();
    const wanted = version.trim();
    const refusal = versionRefusal(wanted, releases);
    setError(refusal && refusalMessage(t, refusal, wanted, latest));
    if (refusal) return;
    setAsking({ version: wanted, notes: notes.trim() });
  };

  return (
    <section class="publish-card" id="publish-release" aria-labelledby="publish-heading">
      <h3 id="publish-heading">{t('publish.title')}</h3>
      <p class="muted small">{t('publish.help')}</p>
      <form class="stack-tight" onSubmit={submit} data-testid="publish-form" noValidate>
        <div class="field-row">
          <label class="field publish-version">
            <span>{t('publish.version')}</span>
            <input
              name="version"
              required
              inputMode="decimal"
              autoComplete="off"
              spellcheck={false}
              maxLength={9}
              value={version}
              aria-describedby="publish-version-hint"
              aria-invalid={error ? true : undefined}
              data-testid="publish-version"
              onInput={(e) => setVersion(e.currentTarget.value)}
            />
          </label>
          <p class="muted small publish-hint" id="publish-version-hint">
            {latest ? t('publish.versionHintNext', { latest, suggested: suggestNextVersion(releases), major: `${(parseVersion(latest)?.[0] ?? 0) + 1}.0` }) : t('publish.versionHintFirst')}
          </p>
        </div>
        <label class="field">
          <span>{t('publish.notes')}</span>
          <textarea name="notes" rows={3} maxLength={TextLimit.releaseNotes} class="publish-notes" value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
          <small>{t('publish.notesHint')}</small>
        </label>
        <FormError message={error} />
        <div class="button-row">
          <button type="submit" class="button" disabled={!version.trim()} aria-haspopup="dialog" data-testid="publish-submit">
            {t('publish.submit', { version: version.trim() || '…' })}
          </button>
        </div>
      </form>
      {asking && (
        <PublishDialog
          slug={slug}
          version={asking.version}
          notes={asking.notes}
          latest={latest}
          onPublished={(release) => {
            setAsking(null);
            onPublished(release);
          }}
          onFailed={(err) => {
            setAsking(null);
            setError(refusalMessage(t, err instanceof ApiError ? err.code : null, asking.version, latest) ?? describeDebateError(t, err));
          }}
          onCancel={() => setAsking(null)}
        />
      )}
    </section>
  );
}

/** One release in the list: version, date, publisher, badges, what changed, and its links. */
function ReleaseItem({ release, releases, latest, onMarked }: { release: ReleaseSummary; releases: ReleaseSummary[]; latest: boolean; onMarked: (version: string) => void }) {
  const { t } = useI18n();
  const { slug, isOrganiser } = useDebate();
  const previous = release.changelog.previousVersion;

  return (
    <li class={`release-item${release.official ? ' is-official' : ''}`} data-testid="release-item" data-version={release.version}>
      <div class="release-item-head">
        <h3 class="release-item-title">
          <a href={releaseHref(slug, release.version)}>{t('releases.version', { version: release.version })}</a>
        </h3>
        {release.official && <OfficialBadge />}
        {latest && <span class="badge badge-latest">{t('releases.latest')}</span>}
      </div>
      <p class="release-meta">
        {t('releases.by', { name: release.publishedBy })} · <TimeStamp iso={release.publishedAt} />
      </p>
      <p class="release-changes">
        <ChangelogLine changelog={release.changelog} />
      </p>
      {release.notes && <RichText text={release.notes} class="release-notes is-clamped" />}
      <div class="release-actions">
        <a href={releaseHref(slug, release.version)} aria-label={t('releases.readLabel', { version: release.version })}>
          {t('releases.read')}
        </a>
        {previous && (
          <a href={diffHref(slug, previous, release.version)} data-testid="compare-previous">
            {t('releases.compareWith', { version: previous })}
          </a>
        )}
        {latest && (
          <a href={diffHref(slug, release.version, 'draft')} data-testid="compare-draft">
            {t('releases.compareWithDraft')}
          </a>
        )}
        <ReleasePdfLink slug={slug} version={release.version} small />
        {isOrganiser && !release.official && (
          <MarkOfficialButton slug={slug} version={release.version} releases={releases} quiet onMarked={(marked) => onMarked(marked.version)} />
        )}
      </div>
    </li>
  );
}

/** The Releases tab: published versions, newest first, and (organisers) the form to publish the next one. */
export function ReleasesTab({ releases }: { releases: Resource<ReleaseSummary[]> }) {
  const { t, tn } = useI18n();
  const { slug, isOrganiser } = useDebate();
  const [done, setDone] = useState<{ message: string; version: string } | null>(null);
  const list = releases.data;

  const published = (release: Release) => {
    setDone({ message: t('publish.done', { version: release.version }), version: release.version });
    releases.reload();
  };
  const marked = (version: string) => {
    setDone({ message: t('releases.markedOfficial', { version }), version });
    releases.reload();
  };

  return (
    <section class="tab-panel" aria-labelledby="releases-heading" data-testid="releases-tab">
      <div class="tab-panel-head">
        <h2 id="releases-heading">{t('releases.title')}</h2>
        <p class="muted">{t('releases.intro')}</p>
        <div role="status">
          {done && (
            <p class="form-success release-done">
              {done.message} <a href={releaseHref(slug, done.version)}>{t('publish.see')}</a>
            </p>
          )}
        </div>
      </div>
      {releases.error && !list ? (
        <div class="form-error" role="alert">
          <p>{describeDebateError(t, releases.error)}</p>
          <button type="button" class="button-quiet button-small" onClick={releases.reload}>
            {t('common.retry')}
          </button>
        </div>
      ) : !list ? (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : list.length === 0 ? (
        <div class="empty-state" data-testid="releases-empty">
          <p>
            <strong>{t('releases.empty')}</strong>
          </p>
          <p class="muted small">{t('releases.emptyHelp')}</p>
          {isOrganiser ? (
            <p class="small">
              <a href="#publish-release" onClick={() => setTimeout(() => document.querySelector<HTMLInputElement>('[data-testid="publish-version"]')?.focus())}>
                {t('releases.emptyOrganiser')}
              </a>
            </p>
          ) : (
            <p class="muted small">{t('releases.emptyReader')}</p>
          )}
        </div>
      ) : (
        <>
          <p class="muted small">{tn('releases.count', list.length)}</p>
          <ol class="release-list" data-testid="release-list">
            {list.map((release, index) => (
              <ReleaseItem key={release.version} release={release} releases={list} latest={index === 0} onMarked={marked} />
            ))}
          </ol>
        </>
      )}
      {isOrganiser && list && <PublishForm key={list[0]?.version ?? ''} slug={slug} releases={list} onPublished={published} />}
    </section>
  );
}
