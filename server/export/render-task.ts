import { AppError } from '../errors.js';
import type { ExportLimits } from './budget.js';
import { renderRedlinePdf } from './redline-document.js';
import { renderRulebookPdf, type RulebookDocument } from './release-document.js';
import { renderReportPdf, type ReportDocument } from './report-document.js';
import { resolveVersion, type VersionSource } from './sources.js';

/** One side of a redline as handed to a worker. */
export interface RedlineSide {
  version: string;
  date: Date;
  source: VersionSource;
}

/** One PDF to lay out in a worker thread: what it shows, and optionally tighter limits than the defaults. */
export type RenderJob = (
  | { kind: 'rulebook'; input: Omit<RulebookDocument, 'view' | 'sha256' | 'rich'>; source: VersionSource }
  | { kind: 'redline'; language: string; publisher: string; from: RedlineSide; to: RedlineSide }
  | ({ kind: 'report' } & ReportDocument)
) & { limits?: ExportLimits };

/** What a worker hands back: the bytes, or the coded error the budget raised (a class does not cross threads). */
export type RenderResult = { ok: true; pdf: Uint8Array } | { ok: false; status: number; code: string; message: string };

const side = ({ version, date, source }: RedlineSide) => ({ version, date, ...resolveVersion(source) });

function render(job: RenderJob): Promise<Buffer> {
  if (job.kind === 'rulebook') return renderRulebookPdf({ ...job.input, ...resolveVersion(job.source) }, job.limits);
  if (job.kind === 'report') return renderReportPdf({ report: job.report, date: job.date }, job.limits);
  return renderRedlinePdf({ language: job.language, publisher: job.publisher, from: side(job.from), to: side(job.to) }, job.limits);
}

/** Lay out a job; run by the export pool's worker threads (`render-worker.mjs`), callable in process too. */
export async function renderJob(job: RenderJob): Promise<RenderResult> {
  try {
    const pdf = await render(job);
    // Copied to the main thread (well under a millisecond for a 100-page file).
    return { ok: true, pdf: new Uint8Array(pdf.buffer, pdf.byteOffset, pdf.byteLength) };
  } catch (error) {
    if (error instanceof AppError) return { ok: false, status: error.status, code: error.code, message: error.message };
    throw error;
  }
}
