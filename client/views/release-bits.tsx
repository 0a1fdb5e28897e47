import { useState } from 'preact/hooks';
import { pdfHref } from '../api.js';
import { useI18n, type TranslatePlural } from '../i18n/index.js';
import type { ArticleChange } from '../../shared/validation/diff.js';
import type { Changelog, ReleaseSummary } from '../../shared/validation/releases.js';

/** `major.minor` as two numbers, or null for anything else (`draft`, `1.0.0`). */
export function parseVersion(version: string): [number, number] | null {
  const match = /^(\d+)\.(\d+)$/.exec(version);
  return match ? [Number(match[1]), Number(match[2])] : null;
}

/** Order of two versions: negative when `a` comes first; `draft` comes after every release. */
export function compareVersions(a: string, b: string): number {
  const x = parseVersion(a);
  const y = parseVersion(b);
  if (!x || !y) return (x ? 0 : 1) - (y ? 0 : 1);
  return x[0] - y[0] || x[1] - y[1];
}

/** The version to suggest for the next release: the latest one's minor plus one, or `0.1` for the first. */
export function suggestNextVersion(releases: readonly ReleaseSummary[]): string {
  const latest = releases.map((r) => parseVersion(r.version)).find((v) => v !== null);
  return latest ? `${latest[0]}.${latest[1] + 1}` : '0.1';
}

/** The kinds of change a summary mentions, in the order a reader cares about. */
const MENTIONED: Array<Exclude<ArticleChange, 'unchanged'>> = ['modified', 'added', 'removed', 'moved', 'renumbered'];

/**
 * The counts of a diff summary in words, e.g. ["2 articles modified", "1 added", "9 renumbered"]: the first
 * part names the articles, the following ones only say what happened to them.
 */
export function summaryParts(tn: TranslatePlural, summary: Record<ArticleChange, number>): string[] {
  return MENTIONED.filter((kind) => summary[kind] > 0).map((kind, index) =>
    tn(index === 0 ? `summary.first.${kind}` : `summary.next.${kind}`, summary[kind]),
  );
}

/** A release's changes in one line, e.g. "2 amendments accepted · 1 article added · 9 renumbered". */
export function ChangelogLine({ changelog }: { changelog: Changelog }) {
  const { t, tn } = useI18n();
  const parts: string[] = [];
  if (changelog.previousVersion === null) parts.push(tn('releases.first', changelog.summary.added));
  if (changelog.amendments.length > 0) parts.push(tn('releases.amendmentsAccepted', changelog.amendments.length));
  if (changelog.previousVersion !== null) {
    parts.push(...summaryParts(tn, changelog.summary));
    if (parts.length === 0) parts.push(t('releases.noChange'));
  }
  return <span class="changelog-line">{parts.join(' · ')}</span>;
}

/** The "official" badge of the release that holds as the rules. */
export function OfficialBadge() {
  const { t } = useI18n();
  return (
    <span class="badge badge-official" data-testid="official-badge">
      <span aria-hidden="true">✓ </span>
      {t('releases.official')}
    </span>
  );
}

/** A link that downloads a PDF (the `download` attribute also keeps the client router away from it). */
export function PdfLink({ href, filename, label, text, testid, small = false }: { href: string; filename: string; label?: string; text: string; testid: string; small?: boolean }) {
  return (
    <a class={`button-quiet pdf-link${small ? ' button-small' : ''}`} href={href} download={filename} type="application/pdf" aria-label={label} data-testid={testid}>
      <span class="pdf-glyph" aria-hidden="true">
        ↓
      </span>
      {text}
    </a>
  );
}

/** The download link of a release's PDF; with `origins`, of the PDF with the appendix "Origin of each article". */
export function ReleasePdfLink({ slug, version, small = false, origins = false }: { slug: string; version: string; small?: boolean; origins?: boolean }) {
  const { t } = useI18n();
  if (origins) {
    return (
      <PdfLink
        href={`${pdfHref.release(slug, version)}?origins=1`}
        filename={`${slug}-${version}-origins.pdf`}
        label={t('origins.downloadPdfLabel', { version })}
        text={t('origins.downloadPdf')}
        testid="download-release-pdf-origins"
        small={small}
      />
    );
  }
  return (
    <PdfLink
      href={pdfHref.release(slug, version)}
      filename={`${slug}-${version}.pdf`}
      label={t('releases.downloadPdfLabel', { version })}
      text={small ? t('releases.pdf') : t('release.downloadPdf')}
      testid="download-release-pdf"
      small={small}
    />
  );
}

/** A SHA-256 in monospace with a button that copies it (or selects it where the clipboard is not available). */
export function Fingerprint({ sha256 }: { sha256: string }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<'copied' | 'select' | null>(null);
  const copy = async (event: Event) => {
    const code = (event.currentTarget as HTMLElement).parentElement?.querySelector('code');
    try {
      await navigator.clipboard.writeText(sha256);
      setStatus('copied');
    } catch {
      if (code) window.getSelection()?.selectAllChildren(code);
      setStatus('select');
    }
  };
  return (
    <div class="fingerprint">
      <code class="hash fingerprint-hash" data-testid="release-sha256" translate={false}>
        {sha256}
      </code>
      <button type="button" class="button-quiet button-small" onClick={copy} data-testid="copy-sha256" aria-label={t('release.copyLabel')}>
        {t('release.copy')}
      </button>
      <span class="small fingerprint-status" role="status">
        {status === 'copied' ? t('release.copied') : status === 'select' ? t('release.copyFailed') : ''}
      </span>
    </div>
  );
}
