import { useEffect, useMemo } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { api, ApiError, pdfHref } from '../api.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import { useRulebookEvent } from '../events.js';
import type { ReleaseSummary } from '../../shared/validation/releases.js';
import { DiffText } from './diff-view.js';
import { diffHref, rulebookHref, useDebate } from './debate-context.js';
import { compareVersions, PdfLink, summaryParts } from './release-bits.js';
import { useResource } from './use-resource.js';
import { causesBetween, changedRuns, groupArticles, versionName, ChangedArticle, CompactGroup, UnchangedGroup, type View } from './version-diff-articles.js';

/** `/r/:slug/diff?from=0.1&to=1.0`: what changed between two versions, inline or side by side, with the redline PDF. */
export function VersionDiffPage({ releases }: { releases: ReleaseSummary[] | null }) {
  const { t, tn } = useI18n();
  const { slug } = useDebate();
  const { query, route } = useLocation();
  const view: View = query.view === 'side' ? 'side' : 'inline';
  const latest = releases?.[0]?.version ?? null;
  const to = query.to || 'draft';
  const from = query.from || (releases?.find((r) => compareVersions(r.version, to) < 0)?.version ?? latest ?? '');

  // Write the versions chosen by default into the address, so it can be shared as it is.
  useEffect(() => {
    if (from && (!query.from || !query.to)) route(diffHref(slug, from, to, view), true);
  }, [from, to]);

  const comparison = useResource(
    () =>
      from
        ? Promise.all([
            api.diffVersions(slug, from, to),
            (to === 'draft' ? api.getDraft(slug) : api.getRelease(slug, to).then((r) => r.draft)).catch(() => null),
          ])
        : Promise.resolve(null),
    [slug, from, to],
  );
  const accepted = useResource(() => (to === 'draft' ? api.listAmendments(slug, { status: 'accepted' }) : Promise.resolve([])), [slug, to]);
  useRulebookEvent(accepted.reload, (event) => event.type === 'amendment.changed' && event.change === 'decided');

  const causes = useMemo(() => causesBetween(releases ?? [], accepted.data ?? [], from, to), [releases, accepted.data, from, to]);
  const diff = comparison.data?.[0] ?? null;
  const texts = useMemo(() => {
    const target = comparison.data?.[1];
    return target ? new Map(target.articles.map((a) => [a.id, a])) : null;
  }, [comparison.data]);

  const go = (next: { from?: string; to?: string; view?: View }) => route(diffHref(slug, next.from ?? from, next.to ?? to, next.view ?? view), true);

  const head = (
    <div class="tab-panel-head">
      <p class="back-link">
        <a href={rulebookHref(slug, { tab: 'releases' })}>← {t('release.back')}</a>
      </p>
      <h2 id="diff-heading">{t('diff.pageTitle')}</h2>
    </div>
  );

  if (releases && releases.length === 0) {
    return (
      <section class="tab-panel diff-page" aria-labelledby="diff-heading" data-testid="diff-page">
        {head}
        <div class="empty-state">
          <p>{t('diff.noReleases')}</p>
          <p class="small">
            <a href={rulebookHref(slug, { tab: 'releases' })}>{t('diff.noReleasesLink')}</a>
          </p>
        </div>
      </section>
    );
  }

  const versions = releases ?? [];
  const listed = (version: string) => version === 'draft' || versions.some((r) => r.version === version);
  const summary = diff ? summaryParts(tn, diff.summary) : [];

  return (
    <section class="tab-panel diff-page" aria-labelledby="diff-heading" data-testid="diff-page">
      {head}
      <form class="filters diff-controls" aria-label={t('diff.controls')} onSubmit={(e) => e.preventDefault()}>
        <label class="field">
          <span>{t('diff.from')}</span>
          <select value={from} data-testid="diff-from" onChange={(e) => go({ from: e.currentTarget.value })}>
            {!listed(from) && <option value={from}>{versionName(t, from)}</option>}
            {versions.map((r) => (
              <option value={r.version}>{versionName(t, r.version)}</option>
            ))}
          </select>
        </label>
        <span class="diff-arrow" aria-hidden="true">
          →
        </span>
        <label class="field">
          <span>{t('diff.to')}</span>
          <select value={to} data-testid="diff-to" onChange={(e) => go({ to: e.currentTarget.value })}>
            <option value="draft">{t('diff.draftOption')}</option>
            {!listed(to) && <option value={to}>{versionName(t, to)}</option>}
            {versions.map((r) => (
              <option value={r.version}>{versionName(t, r.version)}</option>
            ))}
          </select>
        </label>
        <div class="field diff-view-field">
          <span id="diff-view-label">{t('diff.view')}</span>
          <div class="segmented" role="group" aria-labelledby="diff-view-label">
            <button type="button" aria-pressed={view === 'inline'} data-testid="diff-mode-inline" onClick={() => go({ view: 'inline' })}>
              {t('diff.inline')}
            </button>
            <button type="button" aria-pressed={view === 'side'} data-testid="diff-mode-side" onClick={() => go({ view: 'side' })}>
              {t('diff.side')}
            </button>
          </div>
        </div>
      </form>
      {from && (
        <div class="diff-bar">
          <p class="diff-summary" data-testid="diff-summary" role="status">
            {!diff ? (comparison.loading ? t('common.loading') : '') : summary.length > 0 ? summary.join(', ') : t('summary.none')}
            {diff && diff.summary.unchanged > 0 && <span class="muted"> · {tn('diff.unchangedCount', diff.summary.unchanged)}</span>}
          </p>
          <PdfLink
            href={pdfHref.redline(slug, from, to)}
            filename={`${slug}-${from}-${to}-redline.pdf`}
            text={t('diff.downloadRedline')}
            testid="download-redline-pdf"
          />
        </div>
      )}
      {from === to && <p class="notice">{t('diff.same')}</p>}
      {comparison.error && !comparison.data ? (
        <div class="form-error" role="alert">
          <p>
            {comparison.error instanceof ApiError && (comparison.error.status === 404 || comparison.error.status === 400)
              ? t('diff.badVersions')
              : describeDebateError(t, comparison.error)}
          </p>
          <button type="button" class="button-quiet button-small" onClick={comparison.reload}>
            {t('common.retry')}
          </button>
        </div>
      ) : !diff ? (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : (
        <div class={`diff-list${comparison.loading ? ' is-stale' : ''}`} aria-busy={comparison.loading}>
          {view === 'inline' && (
            <div class="diff-legend" aria-hidden="true">
              <ins>{t('diff.legendInserted')}</ins> <del>{t('diff.legendDeleted')}</del>
            </div>
          )}
          {changedRuns(diff.title) && (
            <section class="diff-article change-modified" aria-labelledby="diff-doc-title">
              <h3 id="diff-doc-title">{t('diff.docTitle')}</h3>
              <div class="diff-paper">
                <DiffText runs={diff.title} />
              </div>
            </section>
          )}
          {changedRuns(diff.preamble) && (
            <section class="diff-article change-modified" aria-labelledby="diff-preamble">
              <h3 id="diff-preamble">{t('diff.preamble')}</h3>
              <div class="diff-paper diff-text">
                <DiffText runs={diff.preamble} />
              </div>
            </section>
          )}
          {groupArticles(diff.articles).map((group) =>
            group.kind === 'unchanged' ? (
              <UnchangedGroup key={`u-${group.articles[0]!.id}`} articles={group.articles} texts={texts} />
            ) : group.kind === 'compact' ? (
              <CompactGroup key={`c-${group.articles[0]!.id}`} articles={group.articles} causes={causes} />
            ) : (
              <ChangedArticle key={group.articles[0].id} article={group.articles[0]} view={view} from={from} to={to} causes={causes.get(group.articles[0].id) ?? []} />
            ),
          )}
        </div>
      )}
    </section>
  );
}
