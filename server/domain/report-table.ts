import { stringify } from 'csv-stringify/sync';
import ExcelJS from 'exceljs';
import type { Report, ReportQuery } from '../../shared/validation/report.js';
import type { Domain } from './context.js';
import { buildReport } from './report.js';
import type { Rulebook } from './rulebooks.js';

/** The report's columns, in order: their names are stable, spreadsheets and scripts rely on them. */
export const REPORT_COLUMNS = [
  'contribution',
  'id',
  'amendment_number',
  'kind',
  'article_number_now',
  'article_number_then',
  'article_title',
  'author',
  'created_at',
  'status',
  'outdated',
  'supports',
  'public_reason',
  'decided_at',
  'decided_by',
  'release',
  'replies',
  'organiser_replied',
  'proposed_title',
  'text',
] as const;

/** One row of the report's table; empty cells are ''. */
export type ReportRow = Record<(typeof REPORT_COLUMNS)[number], string | number>;

const cell = (value: string | number | boolean | null): string | number => (value === null ? '' : typeof value === 'boolean' ? (value ? 'yes' : 'no') : value);

/** The report as a table: one row per contribution (amendment or thread), article by article. */
export function reportRows(report: Report): ReportRow[] {
  return report.articles.flatMap((article) => [
    ...article.amendments.map(
      (a): ReportRow => ({
        contribution: 'amendment',
        id: a.id,
        amendment_number: a.number,
        kind: a.kind,
        article_number_now: cell(a.articleNumberNow),
        article_number_then: cell(a.articleNumberThen),
        article_title: cell(article.title),
        author: a.author.displayName,
        created_at: a.createdAt,
        status: a.status,
        outdated: cell(a.outdated),
        supports: cell(a.supports),
        public_reason: cell(a.reason),
        decided_at: cell(a.decidedAt),
        decided_by: cell(a.decidedBy),
        release: cell(a.release),
        replies: '',
        organiser_replied: '',
        proposed_title: cell(a.title),
        text: [a.text, a.rationale].filter(Boolean).join('\n\n'),
      }),
    ),
    ...article.comments.map(
      (c): ReportRow => ({
        contribution: 'comment',
        id: c.id,
        amendment_number: '',
        kind: '',
        article_number_now: cell(c.articleNumberNow),
        article_number_then: cell(c.articleNumberThen),
        article_title: cell(article.title),
        author: c.author.displayName,
        created_at: c.createdAt,
        status: c.state,
        outdated: '',
        supports: '',
        public_reason: cell(c.hiddenReason),
        decided_at: '',
        decided_by: '',
        release: '',
        replies: c.replies,
        organiser_replied: cell(c.organiserReplied),
        proposed_title: '',
        text: cell(c.body),
      }),
    ),
  ]);
}

/** The report as CSV: a header of `REPORT_COLUMNS`, UTF-8 with a byte-order mark so that Excel reads accents right. */
export function reportCsv(report: Report): Buffer {
  const csv = stringify(reportRows(report), { header: true, columns: [...REPORT_COLUMNS], record_delimiter: 'windows' });
  return Buffer.from('\uFEFF' + csv, 'utf8');
}

/** The report as an Excel workbook: one sheet with a header row of `REPORT_COLUMNS`, then a row per contribution. */
export async function reportXlsx(report: Report): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Amendo';
  // The workbook's dates follow the consultation, not the moment of the export.
  const stamp = new Date(report.consultation.closesAt ?? report.consultation.opensAt ?? 0);
  workbook.created = stamp;
  workbook.modified = stamp;
  const sheet = workbook.addWorksheet('Report', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = REPORT_COLUMNS.map((key) => ({ header: key, key, width: key === 'text' ? 80 : key === 'article_title' || key === 'public_reason' ? 40 : 16 }));
  sheet.getRow(1).font = { bold: true };
  for (const row of reportRows(report)) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** A downloadable report file: its name (the rulebook and the period) and its bytes. */
export interface ReportFile {
  filename: string;
  data: Buffer;
}

/** Build the report and write it as CSV or XLSX. */
export async function exportReport(ctx: Domain, rulebook: Rulebook, query: ReportQuery, format: 'csv' | 'xlsx'): Promise<ReportFile> {
  const report = await buildReport(ctx, rulebook, query);
  const period = query.from || query.to ? `-${query.from ?? 'start'}-to-${query.to ?? 'end'}` : '';
  return { filename: `${rulebook.slug}-report${period}.${format}`, data: format === 'csv' ? reportCsv(report) : await reportXlsx(report) };
}
