import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Domain } from '../domain/context.js';
import * as Y from 'yjs';
import { getRelease, releaseState } from '../domain/releases.js';
import { rulebookProvenance } from '../domain/provenance.js';
import { buildReport } from '../domain/report.js';
import { presentRulebook, type Rulebook } from '../domain/rulebooks.js';
import type { Report, ReportQuery } from '../../shared/validation/report.js';
import { originsAppendix } from './origins.js';
import { cacheKey, PdfCache } from './pdf-cache.js';
import { ExportPool, type PoolSize } from './pool.js';
import type { RedlineSide, RenderJob } from './render-task.js';
import type { VersionSource } from './sources.js';

/** A rendered PDF, the file name to offer for it, its entity tag, and whether it may be cached forever. */
export interface PdfExport {
  filename: string;
  pdf: Buffer;
  etag: string;
  immutable: boolean;
}

const filename = (...parts: string[]) => `${parts.join('-').replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
const organisers = async (ctx: Domain, rulebook: Rulebook) => (await presentRulebook(ctx, rulebook, null)).organisers.join(', ');

/** The renderer's identity: a hash of its sources (this folder and the shared document code), so a new layout renders anew. */
const RENDERER = (() => {
  const here = dirname(fileURLToPath(import.meta.url));
  const hash = createHash('sha256');
  for (const dir of [here, join(here, '../../shared/doc')]) {
    for (const name of readdirSync(dir).sort()) if (/\.(ts|mjs)$/.test(name)) hash.update(name).update(readFileSync(join(dir, name)));
  }
  return hash.digest('hex');
})();

/**
 * What a rendering depends on: the renderer, the rulebook (two may hold the same text), and the job, in which a
 * version counts by its fingerprint and a Yjs state by its hash; the export time of a draft does not count.
 */
const keyOf = (rulebook: Rulebook, job: RenderJob, draft: boolean) =>
  cacheKey({
    renderer: RENDERER,
    rulebook: rulebook.id,
    job: JSON.parse(
      JSON.stringify(job, (k, v) => (k === 'view' ? undefined : k === 'state' && v ? createHash('sha256').update(v as Uint8Array).digest('hex') : draft && k === 'date' ? undefined : v)),
    ),
  });

/** Where a version's article citations live, the article's id to append (see the citation pages). */
const citeBase = (ctx: Domain, rulebook: Rulebook, version: string) => `${ctx.mail.publicUrl()}/r/${encodeURIComponent(rulebook.slug)}/v/${encodeURIComponent(version)}/a/`;

/** Where a rulebook's amendments' pages live, the amendment's id to append. */
const amendmentBase = (ctx: Domain, rulebook: Rulebook) => `${ctx.mail.publicUrl()}/r/${encodeURIComponent(rulebook.slug)}/amendments/`;

/** The live draft as a worker reads it: its whole Yjs state, encoded in a few milliseconds. */
const draftSource = async (ctx: Domain, rulebook: Rulebook): Promise<VersionSource> => ({ view: null, state: await ctx.docs.withDoc(rulebook.id, (ydoc) => Y.encodeStateAsUpdate(ydoc)) });

/**
 * The server's PDF exports: rendered in worker threads, each rendered once. Releases and redlines between releases
 * never change, so they are kept on disk by the SHA-256 of their bytes and served as immutable; the draft (and a
 * redline to it) is kept per version of its text, so repeated downloads of an unchanged draft cost nothing.
 */
export class PdfExporter {
  private readonly pool: ExportPool;
  private readonly cache: PdfCache;

  /** `cacheDir`: where release PDFs are kept (null: in memory only). */
  constructor(options: { cacheDir: string | null; pool?: PoolSize }) {
    this.pool = new ExportPool(options.pool);
    this.cache = new PdfCache(options.cacheDir);
  }

  /**
   * A release as a PDF; the same release always gives the same bytes (dated by its publication). With `origins`,
   * followed by the appendix "Origin of each article" as the public reads the provenance: what is known of its
   * amendments may still change (supports shown at the close), so that file is kept per version of it, not for good.
   */
  async release(ctx: Domain, rulebook: Rulebook, version: string, { origins = false } = {}): Promise<PdfExport> {
    const release = await getRelease(ctx, rulebook, version);
    const { changelog } = release;
    const job: RenderJob = {
      kind: 'rulebook',
      source: { view: release.draft, sha256: release.sha256, state: new Uint8Array(await releaseState(ctx, rulebook, version)) },
      input: {
        language: rulebook.language,
        version,
        status: release.official ? 'official' : 'release',
        date: new Date(release.publishedAt),
        modified: release.officialAt ? new Date(release.officialAt) : null,
        publisher: release.publishedBy,
        notes: release.notes,
        changes: changelog.previousVersion ? { previousVersion: changelog.previousVersion, summary: changelog.summary, amendments: changelog.amendments } : null,
        citeBase: citeBase(ctx, rulebook, version),
        ...(origins ? { origins: originsAppendix(await rulebookProvenance(ctx, rulebook, version, null), amendmentBase(ctx, rulebook)) } : {}),
      },
    };
    return this.export(keyOf(rulebook, job, false), !origins, job, filename(rulebook.slug, version, ...(origins ? ['origins'] : [])));
  }

  /** The live draft as a watermarked PDF, dated `now` when this version of its text is first exported. */
  async draft(ctx: Domain, rulebook: Rulebook, now = new Date()): Promise<PdfExport> {
    const job: RenderJob = {
      kind: 'rulebook',
      source: await draftSource(ctx, rulebook),
      input: { language: rulebook.language, version: null, status: 'draft', date: now, modified: null, publisher: await organisers(ctx, rulebook), notes: null, changes: null, citeBase: citeBase(ctx, rulebook, 'draft') },
    };
    return this.export(keyOf(rulebook, job, true), false, job, filename(rulebook.slug, 'draft'));
  }

  /** A redline from a release to a later release or the live draft, dated by the newer side. */
  async redline(ctx: Domain, rulebook: Rulebook, from: string, to: string, now = new Date()): Promise<PdfExport> {
    const older = await compared(ctx, rulebook, from, now);
    const newer = await compared(ctx, rulebook, to, now);
    const job: RenderJob = { kind: 'redline', language: rulebook.language, publisher: (newer).publisher, from: older, to: newer };
    const draft = to === 'draft';
    return this.export(keyOf(rulebook, job, draft), !draft, job, filename(rulebook.slug, from, to, 'redline'));
  }

  /**
   * The consultation report as a PDF, kept per version of its data: stated at the first export of that data while
   * the consultation runs; once closed, at the last instant its data holds (the closing or a later decision), so
   * the same data gives the same bytes.
   */
  async report(ctx: Domain, rulebook: Rulebook, query: ReportQuery, now = new Date()): Promise<PdfExport> {
    const report = await buildReport(ctx, rulebook, query);
    const job: RenderJob = { kind: 'report', report: report, date: reportDate(report, now) };
    const period = [query.from, query.to].filter(Boolean).join('-');
    return this.export(keyOf(rulebook, job, (report).consultation.state !== 'closed'), false, job, filename(rulebook.slug, 'report', ...(period ? [period] : [])));
  }

  /** Stop the worker threads. */
  close(): Promise<void> {
    return this.pool.close();
  }

  private async export(key: string, immutable: boolean, job: RenderJob, name: string): Promise<PdfExport> {
    const { pdf, etag } = await this.cache.through(key, immutable, () => this.pool.render(job));
    return { filename: name, pdf, etag, immutable };
  }
}

/** The instant a report is stated at: the export time while open, else the closing or the latest decision after it. */
function reportDate(report: Report, now: Date): Date {
  const closesAt = report.consultation.closesAt;
  if (report.consultation.state !== 'closed' || !closesAt) return now;
  const decided = report.articles.flatMap((a) => a.amendments.map((x) => x.decidedAt ?? '')).filter(Boolean);
  return new Date([closesAt, ...decided].sort().at(-1)!);
}

/** One side of a redline: the live draft (read by the worker), or a release's frozen view with the Yjs state it was cut from (for its formatting). */
async function compared(ctx: Domain, rulebook: Rulebook, version: string, now: Date): Promise<RedlineSide&{ publisher: string; }> {
  if (version === 'draft') return { version, date: now, source: await draftSource(ctx, rulebook), publisher: await organisers(ctx, rulebook) };
  const release = await getRelease(ctx, rulebook, version);
  const state = new Uint8Array(await releaseState(ctx, rulebook, version));
  return { version, date: new Date(release.publishedAt), source: { view: release.draft, sha256: release.sha256, state }, publisher: release.publishedBy };
}
