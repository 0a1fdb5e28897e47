import { first } from '../server/db/handle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import * as Y from 'yjs';
import { startServer, type TestServer } from './helpers/server.js';
import { organiserWithRulebook } from './helpers/fixtures.js';
import { articleElement, rulebookMarkdown } from './helpers/draft.js';
import { pdfPages, pdfText } from './helpers/pdf-text.js';
import { rulebooks } from '../server/db/schema.js';
import { draftFragment, readDraft } from '../shared/doc/ydoc.js';
import { renderRulebookPdf } from '../server/export/release-document.js';
import { EXPORT_LIMITS } from '../server/export/budget.js';
import { ExportPool } from '../server/export/pool.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
  // A first export parses the fonts and warms the code up: the timings below then measure the text alone.
  const { slug } = await organiserWithRulebook(server, 1);
  await fetch(`${server.url}/api/rulebooks/${slug}/draft/pdf`);
});
afterAll(() => server.close());

/** Replace the text of a Y element's first text child, as an old row or a raw Yjs write could hold it. */
function setText(element: Y.XmlElement, text: string): void {
  const node = element.get(0) as Y.XmlText;
  node.delete(0, node.length);
  node.insert(0, text);
}

/** Write a title straight into a rulebook's row and its draft's Y.Doc, bypassing every input check. */
async function writeTitle(slug: string, title: string): Promise<string> {
  const { id } = first(await server.app.db.update(rulebooks).set({ title }).where(eq(rulebooks.slug, slug)).returning({ id: rulebooks.id }))!;
  await server.app.docs.withDoc(id, (doc) => setText(draftFragment(doc).get(0) as Y.XmlElement, title));
  return id;
}

/** Write an article's title and first paragraph straight into the draft's Y.Doc. */
async function writeArticle(rulebookId: string, articleId: string, { title, text }: { title?: string; text?: string }): Promise<void> {
  await server.app.docs.withDoc(rulebookId, (doc) => {
    const article = articleElement(doc, articleId);
    if (title !== undefined) setText(article.get(0) as Y.XmlElement, title);
    if (text !== undefined) setText(article.get(1) as Y.XmlElement, text);
  });
}

/** GET a PDF route, timed. */
async function download(path: string) {
  const started = performance.now();
  const res = await fetch(server.url + path);
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, bytes, ms: performance.now() - started };
}

const words = (n: number) => 'Règlement général des compétitions de la fédération '.repeat(Math.ceil(n / 52)).slice(0, n);

describe('exports of text longer than any input allows', () => {
  it('prints a 100,000-character title shortened, in well under a second, and the running header fits its line', async () => {
    const { slug } = await organiserWithRulebook(server, 4);
    const title = words(100_000);
    await writeTitle(slug, title);

    const pdf = await download(`/api/rulebooks/${slug}/draft/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.ms).toBeLessThan(1500);
    const pages = await pdfPages(pdf.bytes);
    expect(pages.length).toBeLessThan(8);
    // Each page's furniture follows its text in drawing order: the watermark, then the header (title, version).
    const header = /DRAFT (Règlement[^…]*…) Projet \/ Draft/.exec(pages[1]!)?.[1] ?? '';
    expect(header.startsWith('Règlement général des compétitions de la fédération')).toBe(true);
    expect(header.length).toBeLessThan(200);
    expect(pages[0]!.length).toBeLessThan(1500);
  }, 30_000);

  it('renders a 5,000-character word with no space in the title and in an article', async () => {
    const { slug, draft } = await organiserWithRulebook(server, 4);
    const id = await writeTitle(slug,'x'.repeat(5000));
    await writeArticle(id, draft.articles[1].id, { title: 'y'.repeat(5_000), text: `Avant ${'z'.repeat(5_000)} après.` });

    const pdf = await download(`/api/rulebooks/${slug}/draft/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.ms).toBeLessThan(1500);
    const text = await pdfText(pdf.bytes);
    // The body prints the whole word, broken over lines (and pages); titles are shortened where they are printed.
    expect(text.match(/z/g)?.length).toBe(5_000);
    expect([/Avant z/.test(text), /z après\./.test(text)]).toEqual([true, true]);
    expect([/y{40}…/.test(text), /x{40}…/.test(text)]).toEqual([true, true]);
  }, 30_000);

  it('diffs and prints a redline between titles of 100,000 characters quickly', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 4);
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' })).status).toBe(201);
    await writeTitle(slug, words(100_000));

    const pdf = await download(`/api/rulebooks/${slug}/diff/pdf?from=0.1&to=draft`);
    expect(pdf.status).toBe(200);
    expect(pdf.ms).toBeLessThan(1500);
  }, 30_000);

  it('refuses a draft with more text than an export lays out, at once, with a coded 503', async () => {
    const { slug, draft } = await organiserWithRulebook(server, 2);
    const id = await writeTitle(slug,'Rules');
    await writeArticle(id, draft.articles[0].id, { text: words(EXPORT_LIMITS.maxChars + 1) });

    const res = await fetch(`${server.url}/api/rulebooks/${slug}/draft/pdf`);
    expect(res.status).toBe(503);
    expect((await res.json()).error.code).toBe('export_too_large');
  }, 30_000);

  it('keeps answering other requests while a large rulebook is exported', async () => {
    const { slug } = await organiserWithRulebook(server, 150, rulebookMarkdown(150, 100));
    const exporting = download(`/api/rulebooks/${slug}/draft/pdf`);
    let done = false;
    void exporting.then(() => (done = true));
    let answered = 0;
    while (!done) {
      const res = await fetch(`${server.url}/api/health`);
      if (res.ok && !done) answered++;
    }
    expect((await exporting).status).toBe(200);
    expect(answered).toBeGreaterThanOrEqual(3);
  }, 60_000);
});

describe('export budget', () => {
  const input = { language: 'en', version: '1.0', status: 'release' as const, date: new Date('2026-11-24T10:00:00Z'), modified: null, publisher: 'Board', notes: null, sha256: '0'.repeat(64), changes: null };
  const view = async () => {
    const { slug } = await organiserWithRulebook(server, 40);
    const id = first(await server.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
    return server.app.docs.withDoc(id, readDraft);
  };

  it('stops a layout past its deadline with export_timeout', async () => {
    await expect(renderRulebookPdf({ ...input, view: await view() }, { ...EXPORT_LIMITS, timeoutMs: 0 })).rejects.toMatchObject({ status: 503, code: 'export_timeout' });
  });

  it('stops a layout past its page limit with export_too_large', async () => {
    await expect(renderRulebookPdf({ ...input, view: await view() }, { ...EXPORT_LIMITS, maxPages: 3 })).rejects.toMatchObject({ status: 503, code: 'export_too_large' });
  });

  it('lays exports out in worker threads, a bounded number at once, refusing past a full queue, with coded errors crossing threads', async () => {
    const pool = new ExportPool({ threads: 1, queue: 1 });
    try {
      const { sha256: _, ...rest } = input;
      const job = { kind: 'rulebook' as const, input: rest, source: { view: await view(), sha256: input.sha256, state: null } };
      const first = pool.render(job);
      const second = pool.render(job);
      await expect(pool.render(job)).rejects.toMatchObject({ status: 503, code: 'export_busy' });
      const [a, b] = await Promise.all([first, second]);
      expect(a.subarray(0, 5).toString()).toBe('%PDF-');
      expect(a.equals(b)).toBe(true);
      await expect(pool.render({ ...job, limits: { ...EXPORT_LIMITS, maxPages: 3 } })).rejects.toMatchObject({ status: 503, code: 'export_too_large' });
    } finally {
      await pool.close();
    }
  }, 30_000);
});
