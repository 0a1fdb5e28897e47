import type { DraftArticle, DraftView } from '../../shared/validation/api.js';
import { headingBlock, readingOrder, sectionHeading, textBlocks } from './blocks.js';
import { EXPORT_LIMITS, ExportBudget } from './budget.js';
import { drawClosing, layOutClosing, type ChangeSummary } from './closing.js';
import { Font } from './fonts.js';
import { clampText, clampTitles, PRINTED_TITLE_CHARS } from './fit.js';
import { drawCover, drawFurniture, drawToc, paginateToc, reserveToc, type TocEntry } from './furniture.js';
import { Flow, INK, type Block } from './layout.js';
import { drawOrigins } from './origins-document.js';
import type { OriginsAppendix } from './origins.js';
import { openPdf, pdfBytes } from './pdf-file.js';
import type { RichText } from './sources.js';
import { richBlocks } from '../../shared/doc/view.js';
import { formatDate, labelsFor, typeset, type Labels } from './typography.js';

/** Everything a release or draft PDF shows. */
export interface RulebookDocument {
  language: string;
  view: DraftView;
  /** The release's version, or null for the live draft. */
  version: string | null;
  status: 'official' | 'release' | 'draft';
  /** Publication date of a release, export time of the draft: also the PDF's creation date. */
  date: Date;
  /** When the release was made official, which changed its cover: the PDF's modification date. */
  modified: Date | null;
  publisher: string;
  notes: string | null;
  sha256: string;
  changes: ChangeSummary | null;
  /** The formatted text (bold, italic, lists), when the version's Yjs state is at hand. */
  rich?: RichText | null;
  /** Where article headings link to, their id appended: the version's stable citations (`…/r/:slug/v/1.0/a/`). */
  citeBase?: string | null;
  /** The appendix "Origin of each article", when asked for (release PDFs with `?origins=1`). */
  origins?: OriginsAppendix | null;
}

/** Up to this many lines, the last article is kept whole with the closing. */
const SHORT_ARTICLE_LINES = 8;

function articleBlocks(doc: PDFKit.PDFDocument, labels: Labels, article: DraftArticle, rich: RichText | null, citeBase: string | null): { heading: Block; body: Block[] } {
  const heading = headingBlock(doc, labels, [{ text: labels.article(article.number, article.title), font: Font.sansBold, color: INK.text }], 11.5, 18);
  if (citeBase) heading.link = citeBase + encodeURIComponent(article.id);
  const body = textBlocks(doc, labels, richBlocks(rich?.articles.get(article.id), article.text) ?? article.text);
  if (body[0]) body[0] = { ...body[0], spaceBefore: 4 };
  return { heading, body };
}

/**
 * Render a release (or the live draft, watermarked) as a PDF: cover, table of contents, articles, fingerprint, and
 * optionally the appendix "Origin of each article".
 * Lays out in the calling thread (the server calls it from its worker pool, `pool.ts`); titles longer than any
 * input allows are shortened; past the limits on time, pages or text the export stops with a coded error.
 */
export function renderRulebookPdf(input: RulebookDocument, limits = EXPORT_LIMITS): Promise<Buffer> {
  return layOutRulebook(input, new ExportBudget(limits));
}

async function layOutRulebook(input: RulebookDocument, budget: ExportBudget): Promise<Buffer> {
  const view = clampTitles(input.view);
  budget.admit(view);
  const labels = labelsFor(input.language);
  const draft = input.version === null;
  const versionLabel = draft ? labels.draftVersion : `${labels.version} ${input.version}`;
  const title = view.title.trim() || '—';
  const doc = openPdf({ title: `${title} – ${versionLabel}`, author: clampText(input.publisher, PRINTED_TITLE_CHARS), subject: `${labels.status[input.status]} – ${versionLabel}`, language: input.language, date: input.date, modified: input.modified ?? undefined });

  const when = formatDate(labels, input.date, draft);
  drawCover(doc, {
    kicker: labels.status[input.status],
    title: typeset(labels, title),
    version: versionLabel,
    facts: [
      [labels.statusLabel, labels.status[input.status]],
      [draft ? labels.exportedOn : labels.publishedOn, when],
      [draft ? labels.organisers : labels.publishedBy, input.publisher],
    ],
    notes: input.notes ? typeset(labels, input.notes) : null,
  });

  const toc = reserveToc(doc);
  const parts = readingOrder(view);
  const tocPages = paginateToc([...parts.map((p) => ({ level: p.kind })), ...(input.origins ? [{ level: 'section' as const }] : [])]).length;
  budget.check(1 + tocPages);
  for (let i = 0; i < tocPages; i++) doc.addPage();

  const flow = new Flow(doc, budget);
  await flow.newPage();
  const entries: TocEntry[] = [];
  const rich = input.rich ?? null;
  const preamble = textBlocks(doc, labels, richBlocks(rich?.preamble, view.preamble) ?? view.preamble);
  if (preamble.length) {
    await flow.keepWithNext([headingBlock(doc, labels, [{ text: labels.preamble, font: Font.sansSemibold, color: INK.text }], 13, 0, 'H2')], preamble[0]);
    await flow.blocks(preamble);
  }
  // Chapter headings wait for their first article, so both land on the same page and the TOC says which.
  let pending: Array<{ block: Block; entry: TocEntry }> = [];
  const place = async (headings: Block[], next: Block | undefined, lines?: number, extra?: number) => {
    await flow.keepWithNext([...pending.map((p) => p.block), ...headings], next, lines, extra);
    pending.forEach((p) => (p.entry.page = flow.page + 1));
    pending = [];
  };
  const closing = layOutClosing(doc, labels, input.changes, [{ label: labels.fingerprint, sha256: input.sha256 }]);
  const lastArticle = parts.findLastIndex((p) => p.kind === 'article');
  for (const [index, part] of parts.entries()) {
    await budget.pause(flow.page + 1);
    if (part.kind === 'section') {
      const entry: TocEntry = { level: 'section', text: typeset(labels, part.section.title), page: 0 };
      entries.push(entry);
      pending.push({ block: sectionHeading(doc, labels, part.section.title), entry });
      continue;
    }
    const { heading, body } = articleBlocks(doc, labels, part.article, rich, input.citeBase ?? null);
    const last = index === lastArticle && index === parts.length - 1;
    // A short last article goes to the last page whole with the closing rather than leave it alone there.
    const lines = body.reduce((n, b) => n + b.lines.length, 0);
    if (last && lines <= SHORT_ARTICLE_LINES) await place([heading], body[0], body[0]?.lines.length, body.slice(1).reduce((h, b) => h + flow.height(b), 0) + closing.height);
    else await place([heading], body[0]);
    entries.push({ level: 'article', text: typeset(labels, labels.article(part.article.number, part.article.title)), page: flow.page + 1 });
    for (const [k, block] of body.entries()) await flow.block(block, last && k === body.length - 1 ? closing.height : 0);
  }
  await place([], undefined);

  await drawClosing(doc, flow, closing);
  if (input.origins) entries.push(await drawOrigins(doc, flow, budget, labels, view, input.origins, input.citeBase ?? null));
  await drawToc(doc, labels.contents, entries, 1, budget, toc);
  const footer = draft ? `${labels.exportedOn} ${when}` : `${labels.status[input.status]} – ${when}`;
  await drawFurniture(doc, labels, { title: typeset(labels, title), version: versionLabel, footer, watermark: draft ? labels.watermark : null }, budget);
  return pdfBytes(doc);
}
