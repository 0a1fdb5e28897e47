import { useI18n, type Translate } from '../i18n/index.js';
import type { Origin } from '../../shared/validation/provenance.js';
import { TimeStamp } from './debate-bits.js';
import { rulebookHref } from './debate-context.js';

/** The marker that names an origin in the text: `#7` for an amendment, `E1`, `E2`… for direct edits, `?` when unknown. */
export function originMarkers(origins: readonly Origin[]): string[] {
  let edits = 0;
  return origins.map((o) => (o.kind === 'amendment' ? `#${o.amendment?.number ?? '?'}` : o.kind === 'direct_edit' ? `E${++edits}` : o.kind === 'unknown' ? '?' : 'I'));
}

/** An origin in a few words: "Amendment #7", "Edit by Alice", "Imported original". */
export function originTitle(t: Translate, origin: Origin): string {
  if (origin.kind === 'amendment' && origin.amendment) return t('provenance.amendment', { n: origin.amendment.number });
  if (origin.kind === 'direct_edit' && origin.editor?.displayName) return t('provenance.directEditBy', { name: origin.editor.displayName });
  return t(`provenance.${origin.kind}`);
}

/** What is known of an origin: who, supports, decision and reason, when, and the first release carrying it. */
export function OriginDetails({ origin, slug, link }: { origin: Origin; slug: string; link?: boolean }) {
  const { t, tn } = useI18n();
  const a = origin.amendment;
  const when = a?.decidedAt ?? origin.at;
  return (
    <>
      <strong class="prov-card-title">{originTitle(t, origin)}</strong>
      {a && <span> {t('provenance.by', { name: a.author })}</span>}
      {a && a.supportCount !== null && <span> · {tn('provenance.supports', a.supportCount)}</span>}
      {a?.decidedBy && <span> · {t('provenance.decided', { name: a.decidedBy })}</span>}
      {origin.kind === 'import' && origin.editor && <span> {t('provenance.by', { name: origin.editor.displayName })}</span>}
      {when && (
        <span>
          {' · '}
          <TimeStamp iso={when} />
        </span>
      )}
      {origin.kind !== 'unknown' && <span> · {origin.firstRelease ? t('provenance.firstRelease', { version: origin.firstRelease }) : t('provenance.notReleased')}</span>}
      {a?.reason && <span class="prov-card-reason">{t('provenance.reason', { reason: a.reason })}</span>}
      {a && link && (
        <a class="prov-card-link" href={rulebookHref(slug, { amendment: a.id })}>
          {t('provenance.open')}
        </a>
      )}
    </>
  );
}

/** The legend of a version's origins: each marker with what is known of it (links to the amendments). */
export function ProvenanceLegend({ origins, slug }: { origins: readonly Origin[]; slug: string }) {
  const { t } = useI18n();
  const markers = originMarkers(origins);
  return (
    <section class="prov-legend" aria-labelledby="prov-legend-heading" data-testid="provenance-legend">
      <h4 id="prov-legend-heading">{t('provenance.legend')}</h4>
      <ul>
        {origins.map((origin, i) => (
          <li key={i} class={`prov-origin prov-${origin.kind}`} data-origin={i}>
            <span class="prov-swatch" aria-hidden="true" />
            {origin.kind !== 'import' && <span class="prov-marker-label">[{markers[i]}] </span>}
            <OriginDetails origin={origin} slug={slug} link />
          </li>
        ))}
      </ul>
    </section>
  );
}
