import { api } from '../api.js';
import { useRulebookEvent } from '../events.js';
import { describeDebateError, useI18n } from '../i18n/index.js';
import type { ArticleProvenance, Origin, ProvenanceRun } from '../../shared/validation/provenance.js';
import { articleHeading } from './frozen-text.js';
import { OriginDetails, originMarkers, originTitle, ProvenanceLegend } from './provenance-card.js';
import { useResource } from './use-resource.js';

/** The "Show origin" switch of a version's text. */
export function ProvenanceToggle({ on, onChange }: { on: boolean; onChange: (on: boolean) => void }) {
  const { t } = useI18n();
  return (
    <label class="prov-toggle">
      <input type="checkbox" checked={on} onChange={(e) => onChange(e.currentTarget.checked)} data-testid="provenance-toggle" />
      {t('provenance.toggle')}
    </label>
  );
}

/** One run of text coloured by its origin; other than the import, followed by its marker, which shows a card on hover or focus. */
function Run({ run, origins, markers, slug, id }: { run: ProvenanceRun; origins: readonly Origin[]; markers: string[]; slug: string; id: string }) {
  const origin = origins[run.origin]!;
  return (
    <>
      <span class={`prov-run prov-${origin.kind}`} data-origin={run.origin}>
        {run.text}
      </span>
      {origin.kind !== 'import' && (
        <sup class="prov-anchor">
          <button type="button" class="prov-marker" aria-describedby={id}>
            [{markers[run.origin]}]
          </button>
          <span class="prov-card" role="tooltip" id={id}>
            <OriginDetails origin={origin} slug={slug} />
          </span>
        </sup>
      )}
    </>
  );
}

function ProvenanceArticle({ article, origins, markers, slug }: { article: ArticleProvenance; origins: readonly Origin[]; markers: string[]; slug: string }) {
  const { t } = useI18n();
  const blocks: ProvenanceRun[][] = [];
  article.runs.forEach((run) => (blocks[run.block] ??= []).push(run));
  const runs = (block: ProvenanceRun[] | undefined, b: number) => (block ?? []).map((run, i) => <Run key={i} run={run} origins={origins} markers={markers} slug={slug} id={`prov-${article.id}-${b}-${i}`} />);
  const title = blocks[0]?.map((r) => r.text).join('') ?? '';
  return (
    <section class="prov-article" aria-label={articleHeading(t, article.number, title)} data-article-id={article.id}>
      <h4 class="frozen-article-title">
        {t('amendment.article', { n: article.number })}
        {title && ' – '}
        {runs(blocks[0], 0)}
      </h4>
      {blocks.slice(1).map((block, i) => (block ? <p key={i}>{runs(block, i + 1)}</p> : null))}
      <p class="prov-summary muted small">
        {article.created !== null && t('provenance.created', { origin: originTitle(t, origins[article.created]!) })}
        {article.changedBy.length > 0 && (
          <>
            {' · '}
            {t('provenance.changedBy', { origins: article.changedBy.map((o) => originTitle(t, origins[o]!)).join(', ') })}
          </>
        )}
      </p>
    </section>
  );
}

/**
 * A version's articles (a release, or `draft`) with each run of text shown with its origin, and the legend. The
 * draft's is read again when an amendment is decided or the draft imported, not at each keystroke.
 */
export function ProvenanceText({ slug, version }: { slug: string; version: string }) {
  const { t } = useI18n();
  const provenance = useResource(() => api.getProvenance(slug, version), [slug, version]);
  useRulebookEvent(provenance.reload, (e) => version === 'draft' && ((e.type === 'amendment.changed' && e.change === 'decided') || (e.type === 'rulebook.changed' && e.change === 'draft')));
  if (provenance.error && !provenance.data) return <p class="form-error" role="alert">{describeDebateError(t, provenance.error)}</p>;
  const data = provenance.data;
  if (!data) return <p class="muted" aria-busy="true">{t('provenance.loading')}</p>;
  const markers = originMarkers(data.origins);
  return (
    <div class="provenance frozen-text" data-testid="provenance">
      <ProvenanceLegend origins={data.origins} slug={slug} />
      {data.articles.map((article) => (
        <ProvenanceArticle key={article.id} article={article} origins={data.origins} markers={markers} slug={slug} />
      ))}
    </div>
  );
}
