import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { consultationStory, ok } from './helpers/report-story.js';
import { REPORT_COLUMNS, reportRows } from '../server/domain/report-table.js';
import type { Report } from '../shared/validation/report.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const download = async (path: string) => {
  const res = await fetch(server.url + path);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
};

describe('the consultation report', () => {
  let story: Awaited<ReturnType<typeof consultationStory>>;
  let report: Report;
  beforeAll(async () => {
    story = await consultationStory(server);
    report = await ok(new ApiClient(server.url).get(`/api/rulebooks/${story.slug}/report`));
  });

  it('lists every amendment and thread by article, numbered then and now, with decisions, reasons and releases', () => {
    const { lea, yanis, organiser } = story;
    expect(report.totals).toEqual({ amendments: 6, accepted: 3, rejected: 1, withdrawn: 1, open: 1, outdated: 1, comments: 3, replies: 1, hiddenComments: 1, contributors: 2 });
    expect(report.answerRates).toEqual({ amendmentsDecided: { count: 4, of: 5, rate: 0.8 }, threadsAnswered: { count: 1, of: 3, rate: 1 / 3 } });

    const outline = report.articles.map((a) => [a.numberNow, a.amendments.map((x) => `#${x.number} ${x.status}${x.outdated ? ' outdated' : ''} ${x.articleNumberThen}→${x.articleNumberNow} ${x.release ?? '-'}`), a.comments.map((c) => `${c.state} ${c.articleNumberThen}→${c.articleNumberNow}`)]);
    expect(outline).toEqual([
      [1, ['#4 open outdated 1→1 -', '#5 accepted 1→1 0.2'], []],
      [2, ['#6 accepted 1→2 0.2'], []],
      [3, ['#1 accepted 2→3 0.1'], ['visible 2→3']],
      [4, ['#2 rejected 3→4 -', '#3 withdrawn 3→4 -'], ['hidden 4→4']],
      [5, [], ['visible 5→5']],
    ]);
    expect(report.articles[1]!.title).toBe('Calendrier');
    const [clearer] = report.articles[2]!.amendments;
    expect(clearer).toMatchObject({ author: { displayName: lea.displayName }, supports: 2, reason: 'Plus clair.', decidedBy: organiser.displayName, text: 'Le jury se réunit deux fois.' });
    expect(report.articles[2]!.comments[0]).toMatchObject({ body: 'Deux réunions suffisent-elles ?', replies: 1, organiserReplied: true });
    expect(report.articles[3]!.amendments[0]).toMatchObject({ author: { displayName: yanis.displayName }, reason: 'Hors du champ du règlement.' });
    expect(report.articles[3]!.comments[0]).toMatchObject({ state: 'hidden', body: null, hiddenReason: 'Propos injurieux', author: { displayName: yanis.displayName } });
    expect(report.participation.byArticle.map((a) => [a.numberNow, a.amendments, a.comments])).toEqual([[1, 2, 0], [2, 1, 0], [3, 1, 1], [4, 2, 1], [5, 0, 1]]);
    expect(report.participation.byDay).toEqual([{ day: new Date().toISOString().slice(0, 10), amendments: 6, comments: 3 }]);
  });

  it('never shows a hidden comment’s text, a report, or who reported', async () => {
    const noeId = (await story.noe.get('/api/me')).body.id as string;
    const bodies = [JSON.stringify(report)];
    for (const format of ['csv', 'xlsx']) bodies.push((await download(`/api/rulebooks/${story.slug}/report.${format}`)).bytes.toString('latin1'));
    for (const body of bodies) {
      expect(body).not.toContain('injurieux à ne jamais');
      expect(body).not.toContain('Raison du signalement');
      expect(body).not.toContain(noeId);
    }
  });

  it('limits the report to a period of days, and refuses one that ends before it starts', async () => {
    const anon = new ApiClient(server.url);
    const today = new Date().toISOString().slice(0, 10);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
    expect((await ok(anon.get(`/api/rulebooks/${story.slug}/report?from=${today}&to=${today}`))).totals.amendments).toBe(6);
    const later = await ok<Report>(anon.get(`/api/rulebooks/${story.slug}/report?from=${tomorrow}`));
    expect(later).toMatchObject({ period: { from: tomorrow, to: null }, articles: [], totals: { amendments: 0, comments: 0 }, answerRates: { amendmentsDecided: { rate: null } } });
    expect((await ok<Report>(anon.get(`/api/rulebooks/${story.slug}/report?to=${yesterday}`))).articles).toEqual([]);
    const backwards = await anon.get(`/api/rulebooks/${story.slug}/report?from=${tomorrow}&to=${yesterday}`);
    expect([backwards.status, backwards.body.error.code]).toEqual([422, 'invalid_period']);
    expect((await anon.get(`/api/rulebooks/${story.slug}/report?from=yesterday`)).status).toBe(400);
  });

  it('downloads as CSV (UTF-8 with BOM) that parses back to the same rows', async () => {
    const csv = await download(`/api/rulebooks/${story.slug}/report.csv`);
    expect(csv.status).toBe(200);
    expect(csv.type).toBe('text/csv; charset=utf-8');
    expect(csv.disposition).toBe(`attachment; filename="${story.slug}-report.csv"`);
    expect([...csv.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const records: Record<string, string>[] = parse(csv.bytes, { bom: true, columns: true });
    const expected = reportRows(report).map((row) => Object.fromEntries(Object.entries(row).map(([k, v]) => [k, String(v)])));
    expect(records).toEqual(expected);
    expect(records).toHaveLength(9);
    expect(Object.keys(records[0]!)).toEqual([...REPORT_COLUMNS]);
    expect(records.find((r) => r.amendment_number === '1')).toMatchObject({ contribution: 'amendment', article_number_then: '2', article_number_now: '3', release: '0.1', public_reason: 'Plus clair.', author: story.lea.displayName });
  });

  it('downloads as XLSX that exceljs opens, with the same rows', async () => {
    const xlsx = await download(`/api/rulebooks/${story.slug}/report.xlsx`);
    expect(xlsx.status).toBe(200);
    expect(xlsx.type).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx.bytes as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0]!;
    const values = (n: number) => REPORT_COLUMNS.map((_, i) => sheet.getRow(n).getCell(i + 1).value ?? '');
    expect(values(1)).toEqual([...REPORT_COLUMNS]);
    expect(sheet.rowCount).toBe(10);
    expect(Array.from({ length: 9 }, (_, i) => values(i + 2))).toEqual(reportRows(report).map((row) => REPORT_COLUMNS.map((c) => row[c])));
  });
});
