import type { Domain } from '../domain/context.js';
import { getRelease, hashVersion, versionView } from '../domain/releases.js';
import { presentRulebook, type Rulebook } from '../domain/rulebooks.js';
import { renderRedlinePdf, type ComparedVersion } from './redline-document.js';
import { renderRulebookPdf } from './release-document.js';

/** A rendered PDF and the file name to offer for it. */
export interface PdfExport {
  filename: string;
  pdf: Buffer;
}

const filename = (...parts: string[]) => `${parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
const organisers = (ctx: Domain, rulebook: Rulebook) => presentRulebook(ctx, rulebook, null).organisers.join(', ');

/** A release as a PDF; the same release always gives the same bytes (dated by its publication). */
export async function exportReleasePdf(ctx: Domain, rulebook: Rulebook, version: string): Promise<PdfExport> {
  const release = getRelease(ctx, rulebook, version);
  const { changelog } = release;
  const pdf = await renderRulebookPdf({
    language: rulebook.language,
    view: release.draft,
    version,
    status: release.official ? 'official' : 'release',
    date: new Date(release.publishedAt),
    modified: release.officialAt ? new Date(release.officialAt) : null,
    publisher: release.publishedBy,
    notes: release.notes,
    sha256: release.sha256,
    changes: changelog.previousVersion ? { previousVersion: changelog.previousVersion, summary: changelog.summary, amendments: changelog.amendments } : null,
  });
  return { filename: filename(rulebook.slug, version), pdf };
}

/** The live draft as a watermarked PDF, dated `now`. */
export async function exportDraftPdf(ctx: Domain, rulebook: Rulebook, now = new Date()): Promise<PdfExport> {
  const view = versionView(ctx, rulebook, 'draft');
  const pdf = await renderRulebookPdf({
    language: rulebook.language,
    view,
    version: null,
    status: 'draft',
    date: now,
    modified: null,
    publisher: organisers(ctx, rulebook),
    notes: null,
    sha256: hashVersion(view).sha256,
    changes: null,
  });
  return { filename: filename(rulebook.slug, 'draft'), pdf };
}

function compared(ctx: Domain, rulebook: Rulebook, version: string, now: Date): ComparedVersion & { publisher: string } {
  if (version === 'draft') {
    const view = versionView(ctx, rulebook, 'draft');
    return { version, view, date: now, sha256: hashVersion(view).sha256, publisher: organisers(ctx, rulebook) };
  }
  const release = getRelease(ctx, rulebook, version);
  return { version, view: release.draft, date: new Date(release.publishedAt), sha256: release.sha256, publisher: release.publishedBy };
}

/** A redline from a release to a later release or the live draft, dated by the newer side. */
export async function exportRedlinePdf(ctx: Domain, rulebook: Rulebook, from: string, to: string, now = new Date()): Promise<PdfExport> {
  const older = compared(ctx, rulebook, from, now);
  const newer = compared(ctx, rulebook, to, now);
  const pdf = await renderRedlinePdf({ language: rulebook.language, from: older, to: newer, publisher: newer.publisher });
  return { filename: filename(rulebook.slug, from, to, 'redline'), pdf };
}
