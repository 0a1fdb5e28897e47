import type { DraftView } from '../../shared/validation/api.js';
import type { Origin } from '../../shared/validation/provenance.js';
import { headingBlock, sectionHeading, textBlocks, typesetSpans } from './blocks.js';
import type { ExportBudget } from './budget.js';
import { clampText, PRINTED_TITLE_CHARS } from './fit.js';
import { Font } from './fonts.js';
import type { TocEntry } from './furniture.js';
import { textWidth } from './glyph-runs.js';
import { INK, layoutLines, PAGE, type Block, type Flow, type Span } from './layout.js';
import { originsLabelsFor, type OriginsLabels } from './origins-labels.js';
import type { ArticleOrigins, OriginsAppendix } from './origins.js';
import { formatDate, typeset, type Labels } from './typography.js';

/** The appendix's text: a little smaller than the articles', ragged right, the shares in a column of their own. */
const ENTRY = { size: 10, lineHeight: 14, gap: 3, shareColumn: 34, indent: 44 } as const;
/** Past this many characters a decision's reason is cut (an ellipsis ends it): the amendment's page has it whole. */
const REASON_CHARS = 280;

const name = (text: string) => clampText(text, PRINTED_TITLE_CHARS);
/** A date, never broken across lines. */
const day = (labels: Labels, at: string | null | undefined) => (at ? formatDate(labels, new Date(at)).replace(/ /g, '\u00a0') : null);
/** Up to this many lines, an article's accounting is kept on one page with its heading. */
const KEPT_LINES = 8;

/** What one origin says of itself, in spans: an amendment's number in bold, its reason quoted in italics. */
function originSpans(labels: Labels, words: OriginsLabels, origin: Origin, createdArticle: boolean): Span[] {
  const plain = (text: string): Span => ({ text, font: Font.body, color: INK.text });
  if (origin.kind === 'import') return [plain(words.imported)];
  if (origin.kind === 'unknown') return [plain(words.unknown)];
  if (origin.kind === 'direct_edit') {
    const edited = words.edited(origin.editor ? name(origin.editor.displayName) : null, day(labels, origin.at));
    return [plain(edited + (origin.firstRelease ? words.firstIn(origin.firstRelease) : ''))];
  }
  const amendment = origin.amendment;
  if (!amendment) return [plain(words.notRecorded)];
  const { number, author, supportCount, decidedAt, decidedBy, reason } = amendment;
  const facts = [
    words.by(name(author)),
    createdArticle ? words.addedArticle : '',
    supportCount === null ? '' : words.supports(supportCount),
    words.accepted(day(labels, decidedAt), decidedBy ? name(decidedBy) : null),
  ].join('');
  const spans = [{ text: words.amendment(number), font: Font.bodyBold, color: INK.text }, plain(facts)];
  const why = reason?.replace(/\s+/g, ' ').trim();
  if (why) spans.push(plain(words.because), { text: `"${clampText(why, REASON_CHARS)}"`, font: Font.bodyItalic, color: INK.text });
  return spans;
}

/** A share of the article's characters, rounded, and never 100% while another origin holds some. */
function percent(chars: number, total: number): number {
  if (chars === total) return 100;
  return Math.min(99, Math.round((100 * chars) / total));
}

/** One origin of an article as a list item: its share right-aligned in the first column, what it was in the second. */
function entryBlock(doc: PDFKit.PDFDocument, labels: Labels, spans: Span[], share: string): Block {
  const shareWidth = textWidth(doc, Font.sans, ENTRY.size - 0.5, share);
  return {
    lines: layoutLines(doc, typesetSpans(labels, spans), ENTRY.size, PAGE.right - PAGE.left - ENTRY.indent, false),
    indent: ENTRY.indent,
    lineHeight: ENTRY.lineHeight,
    spaceBefore: ENTRY.gap,
    marker: { span: { text: share, font: Font.sans, color: INK.muted }, size: ENTRY.size - 0.5, indent: ENTRY.shareColumn - shareWidth },
    list: { depth: 1, item: true },
  };
}

/** An article's accounting: one item per origin of its text (the one that created it first), or a line saying none is recorded. */
function articleEntries(doc: PDFKit.PDFDocument, labels: Labels, words: OriginsLabels, appendix: OriginsAppendix, article: ArticleOrigins | undefined): Block[] {
  const total = article?.shares.reduce((n, s) => n + s.chars, 0) ?? 0;
  if (!article || total === 0) return [entryBlock(doc, labels, [{ text: words.notRecorded, font: Font.body, color: INK.muted }], '—')];
  return article.shares.map((share) => {
    const origin = appendix.origins[share.origin]!;
    const created = share.origin === article.created && origin.kind === 'amendment';
    const block = entryBlock(doc, labels, originSpans(labels, words, origin, created), words.share(percent(share.chars, total)));
    if (origin.amendment) block.link = appendix.amendmentBase + encodeURIComponent(origin.amendment.id);
    return block;
  });
}

/**
 * Draw the appendix "Origin of each article" from a new page: a heading (in the table of contents), a line saying
 * what it shows, then each article in order, its heading linking to its citation, and where its text came from,
 * as shares of its characters. Returns its table of contents entry.
 */
export async function drawOrigins(doc: PDFKit.PDFDocument, flow: Flow, budget: ExportBudget, labels: Labels, view: DraftView, appendix: OriginsAppendix, citeBase: string | null): Promise<TocEntry> {
  const words = originsLabelsFor(labels.locale);
  await flow.newPage();
  const entry: TocEntry = { level: 'section', text: typeset(labels, words.title), page: flow.page + 1 };
  const intro = textBlocks(doc, labels, words.intro, INK.muted);
  await flow.keepWithNext([sectionHeading(doc, labels, words.title)], intro[0]);
  await flow.blocks(intro);
  const byId = new Map(appendix.articles.map((a) => [a.id, a]));
  for (const article of view.articles) {
    await budget.pause(flow.page + 1);
    const heading = headingBlock(doc, labels, [{ text: labels.article(article.number, article.title), font: Font.sansSemibold, color: INK.text }], 10.5, 14);
    if (citeBase) heading.link = citeBase + encodeURIComponent(article.id);
    const entries = articleEntries(doc, labels, words, appendix, byId.get(article.id));
    const [first, ...rest] = entries;
    const short = entries.reduce((n, b) => n + b.lines.length, 0) <= KEPT_LINES;
    await flow.keepWithNext([heading], first, short ? first!.lines.length : 2, short ? rest.reduce((h, b) => h + flow.height(b), 0) : 0);
    await flow.blocks(entries);
  }
  return entry;
}
