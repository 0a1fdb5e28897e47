import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { pdfPages, pdfText } from './helpers/pdf-text.js';
import { consultationStory, ok } from './helpers/report-story.js';
import { renderReportPdf } from '../server/export/report-document.js';
import type { Report } from '../shared/validation/report.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const download = async (path: string) => {
  const res = await fetch(server.url + path);
  return { status: res.status, type: res.headers.get('content-type'), bytes: Buffer.from(await res.arrayBuffer()) };
};

describe('the consultation report as a PDF', () => {
  let story: Awaited<ReturnType<typeof consultationStory>>;
  let report: Report;
  let text: string;
  beforeAll(async () => {
    story = await consultationStory(server);
    report = await ok(new ApiClient(server.url).get(`/api/rulebooks/${story.slug}/report`));
    const pdf = await download(`/api/rulebooks/${story.slug}/report.pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    text = await pdfText(pdf.bytes);
  });

  it('lists every amendment with its number, author, status, supports and reason, by article then and now', () => {
    const amendments = report.articles.flatMap((a) => a.amendments);
    expect(amendments).toHaveLength(6);
    for (const a of amendments) {
      expect(text).toContain(`Amendment no. ${a.number} – `);
      expect(text).toContain(`(${a.author.displayName})`);
      if (a.reason) expect(text).toContain(a.reason);
    }
    for (const reason of ['Plus clair.', 'Hors du champ du règlement.', 'Retenue.', 'Utile.']) expect(text).toContain(reason);
    for (const facts of ['rejected · 0 supports · article 3 (now 4)', 'withdrawn', 'open (outdated)', 'accepted · 2 supports · article 2 (now 3) · released in version 0.1']) expect(text).toContain(facts);
    expect(text).toContain('Article 2 – Calendrier Amendment no. 6 – Calendrier (Yanis)');
    expect(text).toContain('Amendments decided: 4 of 5 (80%)');
    expect(text).toContain('Threads answered by the organisers: 1 of 3 (33%)');
  });

  it('shows a hidden comment as hidden with its public reason, never its text', () => {
    expect(text).toContain('Hidden by the organisers: Propos injurieux');
    expect(text).not.toContain('injurieux à ne jamais');
    expect(text).not.toContain('Raison du signalement');
    expect(text).toContain('Deux réunions suffisent-elles ?');
  });

  it('draws the participation per day with its counts written on it', async () => {
    const day = report.participation.byDay[0]!;
    const [, summary] = await pdfPages((await download(`/api/rulebooks/${story.slug}/report.pdf`)).bytes);
    expect(summary).toContain('Participation per day');
    expect(summary).toContain(`${day.amendments} + ${day.comments}`);
  });

  it('gives the same bytes twice for a closed consultation, dated by its data', async () => {
    const { organiser, slug } = story;
    await ok(organiser.request('PATCH', `/api/rulebooks/${slug}`, { opensAt: new Date(Date.now() - 7200_000).toISOString(), closesAt: new Date(Date.now() - 3600_000).toISOString() }));
    const closed: Report = await ok(new ApiClient(server.url).get(`/api/rulebooks/${slug}/report`));
    expect(closed.consultation.state).toBe('closed');
    const [first, second] = [await download(`/api/rulebooks/${slug}/report.pdf`), await download(`/api/rulebooks/${slug}/report.pdf`)];
    expect(first.bytes.equals(second.bytes)).toBe(true);
    // Rendered anew (not from a cache), later: still the same bytes.
    const date = new Date(closed.consultation.closesAt!);
    const latest = closed.articles.flatMap((a) => a.amendments.map((x) => x.decidedAt ?? '')).sort().at(-1)!;
    const stated = new Date(Math.max(date.getTime(), Date.parse(latest)));
    expect((await renderReportPdf({ report: closed, date: stated })).equals(first.bytes)).toBe(true);
    expect(await pdfText(first.bytes)).toContain('(consultation closed)');
  });
});
