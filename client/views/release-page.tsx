import { useRef, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ApiError } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import type { Changelog, ReleaseSummary } from '../../shared/validation/releases.js';
import { KindLabel, RichText, TimeStamp } from './debate-bits.js';
import { diffHref, rulebookHref, useDebate } from './debate-context.js';
import { articleHeading, FrozenText } from './frozen-text.js';
import { ChangelogLine, compareVersions, Fingerprint, OfficialBadge, ReleasePdfLink } from './release-bits.js';
import { useResource } from './use-resource.js';
import { MarkOfficialButton } from './mark-official-button.js';
import { ReleaseQuoteTools } from './release-quote-tools.js';
import { ProvenanceText, ProvenanceToggle } from './provenance-text.js';

/** Pick another version (or the draft) and open the comparison, the older version first. */
function ComparePicker({ version, releases }: { version: string; releases: ReleaseSummary[] }) {
  const { t } = useI18n();
  const { slug } = useDebate();
  const { route } = useLocation();
  const others = releases.filter((r) => r.version !== version);
  // Until the reader picks, the previous version (known once the list is loaded), else the draft.
  const [picked, setPicked] = useState<string | null>(null);
  const other = picked ?? releases.find((r) => compareVersions(r.version, version) < 0)?.version ?? 'draft';
  const submit = (event: Event) => {
    event.preventDefault();
    const [from, to] = compareVersions(other, version) < 0 ? [other, version] : [version, other];
    route(diffHref(slug, from, to));
  };
  return (
    <form class="compare-picker" onSubmit={submit} data-testid="compare-picker">
      <label class="field">
        <span>{t('release.compareWith')}</span>
        <select value={other} onChange={(e) => setPicked(e.currentTarget.value)} data-testid="compare-with">
          <option value="draft">{t('diff.draftOption')}</option>
          {others.map((r) => (
            <option value={r.version}>
              {t('releases.version', { version: r.version })}
              {r.official ? ` (${t('releases.official').toLowerCase()})` : ''}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" class="button-quiet">
        {t('release.compareSubmit')}
      </button>
    </form>
  );
}

/** What changed in the release: the accepted amendments, the organisers' direct edits, and the counts. */
function ChangelogSection({ changelog }: { changelog: Changelog }) {
  const { t, tn } = useI18n();
  const { slug } = useDebate();
  return (
    <section class="release-section changelog" aria-labelledby="changelog-heading" data-testid="changelog">
      <h3 id="changelog-heading">
        {changelog.previousVersion ? t('release.changelog', { version: changelog.previousVersion }) : t('release.changelogFirst')}
      </h3>
      <p class="changelog-summary">
        <ChangelogLine changelog={changelog} />
      </p>
      {(changelog.previousVersion !== null || changelog.amendments.length > 0) && (
        <>
          <h4>{t('release.amendments')}</h4>
          {changelog.amendments.length === 0 ? (
            <p class="muted small">{t('release.noAmendments')}</p>
          ) : (
            <ul class="changelog-list">
              {changelog.amendments.map((a) => (
                <li data-testid="changelog-amendment">
                  <a href={rulebookHref(slug, { amendment: a.id })} class="changelog-amendment-link">
                    <span class="amendment-number">#{a.number}</span> <KindLabel kind={a.kind} />
                    {a.title ? ` · ${a.title}` : ''}
                  </a>
                  <p class="changelog-meta">
                    {t('amendment.by', { name: a.author })} · {tn('amendment.supporters', a.supportCount)}
                  </p>
                  {a.reason && <p class="changelog-reason">{t('release.decisionReason', { reason: a.reason })}</p>}
                </li>
              ))}
            </ul>
          )}
          {changelog.directEdits.length > 0 && (
            <>
              <h4>{t('release.directEdits')}</h4>
              <ul class="changelog-list">
                {changelog.directEdits.map((edit) => (
                  <li data-testid="changelog-direct-edit">
                    <span class={`badge change-badge change-${edit.status}`}>{t(`change.${edit.status}`)}</span>{' '}
                    {articleHeading(t, (edit.toNumber ?? edit.fromNumber)!, edit.title)}
                  </li>
                ))}
              </ul>
            </>
          )}
        </>
      )}
    </section>
  );
}

/** `/r/:slug/releases/:version`: one frozen version, its changelog, fingerprint and downloads. */
export function ReleasePage({ version, releases }: { version: string; releases: ReleaseSummary[] | null }) {
  const { t } = useI18n();
  const { slug, isOrganiser } = useDebate();
  const main = useRef<HTMLDivElement>(null);
  const [showOrigin, setShowOrigin] = useState(false);
  const release = useResource(() => api.getRelease(slug, version), [slug, version]);
  useRulebookEvent(release.reload, (event) => event.type === 'rulebook.changed' && event.change === 'releases');

  const back = (
    <p class="back-link">
      <a href={rulebookHref(slug, { tab: 'releases' })} data-testid="back-to-releases">
        ← {t('release.back')}
      </a>
    </p>
  );

  if (release.error && !release.data) {
    const missing = release.error instanceof ApiError && (release.error.status === 404 || release.error.status === 400);
    return (
      <section class="tab-panel release-page" data-testid="release-page">
        {back}
        <div class="form-error" role="alert">
          <p>{missing ? t('release.notFound', { version }) : describeDebateError(t, release.error)}</p>
          {!missing && (
            <button type="button" class="button-quiet button-small" onClick={release.reload}>
              {t('common.retry')}
            </button>
          )}
        </div>
      </section>
    );
  }
  const data = release.data;
  if (!data) {
    return (
      <section class="tab-panel release-page" data-testid="release-page">
        {back}
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      </section>
    );
  }

  return (
    <article class="release-page" aria-labelledby="release-heading" data-testid="release-page" data-version={data.version}>
      {back}
      <header class="release-head">
        <div class="detail-head">
          <h2 id="release-heading">{t('releases.version', { version: data.version })}</h2>
          {data.official && <OfficialBadge />}
        </div>
        <p class="release-meta">
          {t('release.publishedBy', { name: data.publishedBy })} · <TimeStamp iso={data.publishedAt} />
          {data.official && data.officialAt && (
            <>
              {' · '}
              {t('release.officialSince')} <TimeStamp iso={data.officialAt} />
            </>
          )}
        </p>
        <div class="release-toolbar">
          <ReleasePdfLink slug={slug} version={data.version} />
          <ReleasePdfLink slug={slug} version={data.version} origins />
          {isOrganiser && !data.official && <MarkOfficialButton slug={slug} version={data.version} releases={releases ?? []} onMarked={release.set} />}
          <ComparePicker version={data.version} releases={releases ?? []} />
          <ProvenanceToggle on={showOrigin} onChange={setShowOrigin} />
        </div>
      </header>
      <div class="release-body">
        <aside class="release-aside" aria-label={t('release.about', { version: data.version })}>
          {data.notes && (
            <section class="release-section" aria-labelledby="notes-heading">
              <h3 id="notes-heading">{t('release.notes')}</h3>
              <RichText text={data.notes} class="release-notes" />
            </section>
          )}
          <ChangelogSection changelog={data.changelog} />
          <section class="release-section" aria-labelledby="fingerprint-heading">
            <h3 id="fingerprint-heading">{t('release.fingerprint')}</h3>
            <Fingerprint sha256={data.sha256} />
            <p class="muted small">{t('release.fingerprintHelp')}</p>
          </section>
        </aside>
        <div class="release-main" ref={main}>
          <div class="frozen-paper">
            {showOrigin ? <ProvenanceText slug={slug} version={data.version} /> : <FrozenText view={data.draft} bodies={data.bodies} label={t('release.text', { version: data.version })} cite={{ slug, version: data.version }} />}
          </div>
          <ReleaseQuoteTools container={main} slug={slug} version={data.version} />
          <p class="muted small frozen-foot">{t('release.frozenNote', { version: data.version })}</p>
        </div>
      </div>
    </article>
  );
}
