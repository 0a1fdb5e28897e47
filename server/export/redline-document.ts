import type { DraftArticle, DraftView } from '../../shared/validation/api.js';
import type { ArticleDiff, DiffRun } from '../../shared/validation/diff.js';
import { diffVersions } from '../../shared/doc/version-diff.js';
import { headingBlock, readingOrder, runBlocks, sectionHeading, textBlocks } from './blocks.js';
import { EXPORT_LIMITS, ExportBudget } from './budget.js';
import { drawClosing, layOutClosing, summaryLine } from './closing.js';
import { clampText, clampTitles, PRINTED_TITLE_CHARS } from './fit.js';
import { Font } from './fonts.js';
import { drawCover, drawFurniture, drawToc, paginateToc, reserveToc, type TocEntry } from './furniture.js';
import { tagger } from './tagging.js';
import { drawLine, Flow, INK, layoutLines, PAGE, type Block, type Span } from './layout.js';
import { openPdf, pdfBytes } from './pdf-file.js';
import { formatDate, labelsFor, typeset, type Labels } from './typography.js';
import { faceRuns, facesOf } from './marks.js';
import type { RichText } from './sources.js';
import { richBlocks } from '../../shared/doc/view.js';

/** One side of a comparison: a release, or the live draft (`version: 'draft'`). */
export interface ComparedVersion {
  version: string;
  view: DraftView;
  date: Date;
  sha256: string;
  /** Its formatted text (bold, italic, lists), when known. */
  rich?: RichText | null;
}

/** Everything a redline PDF shows. */
export interface RedlineDocument {
  language: string;
  from: ComparedVersion;
  to: ComparedVersion;
  publisher: string;
}

const heading = (text: string, color: string = INK.text, mark?: Span['mark']): Span => ({ text, font: Font.sansBold, color, mark });
const tag = (text: string, color: string): Span => ({ text: ` · ${text}`, font: Font.sans, color });

function titleSpans(runs: DiffRun[]): Span[] {
  return runs.map((r) => (r.op === 'equal' ? heading(r.text) : heading(r.text, r.op === 'insert' ? INK.insert : INK.delete, r.op)));
}

/** The heading of an article in the redline: marked when added or removed, with its old number when renumbered. */
function articleHeading(labels: Labels, a: ArticleDiff): Span[] {
  const dash = '\u00a0– ';
  if (a.status === 'added') return [heading(labels.article(a.toNumber!, a.toTitle ?? ''), INK.insert, 'insert'), tag(labels.articleAdded, INK.insert)];
  if (a.status === 'removed') return [heading(labels.formerArticle(a.fromNumber!, a.fromTitle ?? ''), INK.delete, 'delete'), tag(labels.articleRemoved, INK.delete)];
  const number = heading(labels.articleNumber(a.toNumber!, a.renumbered ? a.fromNumber : null));
  const title = a.title ? titleSpans(a.title) : a.toTitle ? [heading(a.toTitle)] : [];
  return [number, ...(title.length ? [heading(dash), ...title] : []), ...(a.moved ? [tag(labels.articleMoved, INK.muted)] : [])];
}

/** A text of one version with the faces of its characters, for `faceRuns`. */
const faced = (text: string, nodes: RichText['preamble'] | undefined) => ({ text, faces: facesOf(nodes, text) });

function articleBody(doc: PDFKit.PDFDocument, labels: Labels, a: ArticleDiff, sides: { from: ComparedVersion; to: ComparedVersion }, before: DraftArticle | undefined, after: DraftArticle | undefined): Block[] {
  if (a.text) {
    const older = faced(before?.text ?? '', sides.from.rich?.articles.get(a.id));
    return runBlocks(doc, labels, faceRuns(a.text, older, faced(after?.text ?? '', sides.to.rich?.articles.get(a.id))));
  }
  const text = after?.text ?? '';
  return textBlocks(doc, labels, richBlocks(sides.to.rich?.articles.get(a.id), text) ?? text, a.status === 'modified' ? INK.text : INK.muted);
}

function drawLegend(doc: PDFKit.PDFDocument, labels: Labels, y: number): void {
  const samples: Span[][] = [
    [{ text: labels.legend.inserted, font: Font.body, color: INK.insert, mark: 'insert' }],
    [{ text: labels.legend.deleted, font: Font.body, color: INK.delete, mark: 'delete' }],
    [{ text: labels.legend.bar, font: Font.body, color: INK.text }],
  ];
  samples.forEach((spans, i) => {
    const line = layoutLines(doc, spans, 10.5, PAGE.right - PAGE.left, false)[0]!;
    tagger(doc).add('P', () => drawLine(doc, line, PAGE.left, y + i * 18, PAGE.right - PAGE.left));
  });
  tagger(doc).artifact('Layout', () => doc.save().rect(PAGE.left - 16, y + 36 + 1, 1.6, 14).fill(INK.bar).restore());
}

/**
 * Render a redline between two versions: every article, with insertions, deletions and change bars marked.
 * Lays out in the calling thread (the server calls it from its worker pool, `pool.ts`); titles longer than any
 * input allows are shortened; past the limits on time, pages or text the export stops with a coded error.
 */
export function renderRedlinePdf(input: RedlineDocument, limits = EXPORT_LIMITS): Promise<Buffer> {
  return layOutRedline(input, new ExportBudget(limits));
}

async function layOutRedline(input: RedlineDocument, budget: ExportBudget): Promise<Buffer> {
  const from = { ...input.from, view: clampTitles(input.from.view) };
  const to = { ...input.to, view: clampTitles(input.to.view) };
  budget.admit(from.view, to.view); // before the word diff, whose time grows faster than the text
  const diff = diffVersions(from.view, to.view, { from: (id) => from.rich?.articles.get(id), to: (id) => to.rich?.articles.get(id) });
  const labels = labelsFor(input.language);
  const comparison = labels.comparison(from.version, to.version);
  const title = to.view.title.trim() || from.view.title.trim() || '—';
  const draft = to.version === 'draft';
  const doc = openPdf({ title: `${title} – ${labels.redline}`, author: clampText(input.publisher, PRINTED_TITLE_CHARS), subject: comparison, language: input.language, date: to.date });

  const end = drawCover(doc, {
    kicker: labels.redline,
    title: typeset(labels, title),
    version: comparison,
    facts: [
      [labels.version + ' ' + from.version, formatDate(labels, from.date)],
      [draft ? labels.status.draft : `${labels.version} ${to.version}`, formatDate(labels, to.date, draft)],
      ['Articles', typeset(labels, summaryLine(labels, diff.summary)) || '—'],
    ],
    notes: null,
  });
  drawLegend(doc, labels, end + 30);
  const toc = reserveToc(doc);

  const changed = diff.articles.filter((a) => a.status !== 'unchanged');
  const tocPages = paginateToc(changed.map(() => ({ level: 'article' as const }))).length;
  budget.check(1 + tocPages);
  for (let i = 0; i < tocPages; i++) doc.addPage();

  const flow = new Flow(doc, budget);
  await flow.newPage();
  if (diff.title) await flow.keepWithNext([headingBlock(doc, labels, titleSpans(diff.title).map((s) => ({ ...s, font: Font.sansBold })), 15, 0, 'H2')], undefined);
  const preamble = diff.preamble
    ? runBlocks(doc, labels, faceRuns(diff.preamble, faced(from.view.preamble, from.rich?.preamble), faced(to.view.preamble, to.rich?.preamble)))
    : textBlocks(doc, labels, richBlocks(to.rich?.preamble, to.view.preamble) ?? to.view.preamble, INK.muted);
  if (preamble.length) {
    await flow.keepWithNext([headingBlock(doc, labels, [{ text: labels.preamble, font: Font.sansSemibold, color: INK.text }], 13, 12, 'H2')], preamble[0]);
    await flow.blocks(preamble);
  }

  // Chapter headings of the newer version go before the article they introduce.
  const sectionsBefore = new Map<string, Block[]>();
  let pending: Block[] = [];
  for (const part of readingOrder(to.view)) {
    if (part.kind === 'section') pending.push(sectionHeading(doc, labels, part.section.title));
    else {
      sectionsBefore.set(part.article.id, pending);
      pending = [];
    }
  }
  const toArticles = new Map(to.view.articles.map((a) => [a.id, a]));
  const fromArticles = new Map(from.view.articles.map((a) => [a.id, a]));
  const entries: TocEntry[] = [];
  for (const a of diff.articles) {
    await budget.pause(flow.page + 1);
    const spans = articleHeading(labels, a);
    const head: Block = { ...headingBlock(doc, labels, spans, 11.5, 18), bar: a.status !== 'unchanged' };
    const body = articleBody(doc, labels, a, { from, to }, fromArticles.get(a.id), toArticles.get(a.id));
    if (body[0]) body[0] = { ...body[0], spaceBefore: 4 };
    await flow.keepWithNext([...(sectionsBefore.get(a.id) ?? []), head], body[0]);
    if (a.status !== 'unchanged') entries.push({ level: 'article', text: typeset(labels, spans.map((s) => s.text).join('')), page: flow.page + 1 });
    await flow.blocks(body);
  }
  await flow.blocks(pending);

  await drawClosing(doc, flow, layOutClosing(doc, labels, null, [from, to].map((v) => ({ label: labels.fingerprintOf(v.version), sha256: v.sha256 }))));
  await drawToc(doc, labels.changes, entries, 1, budget, toc);
  await drawFurniture(doc, labels, { title, version: comparison, footer: `${labels.redline} – ${formatDate(labels, to.date, draft)}`, watermark: draft ? labels.watermark : null }, budget);
  return pdfBytes(doc);
}
