import type { ExportBudget } from './budget.js';
import { boundedLines, fitText } from './fit.js';
import { Font } from './fonts.js';
import { drawText, textWidth } from './glyph-runs.js';
import { drawLine, INK, PAGE, type Span } from './layout.js';
import { tagger } from './tagging.js';
import type { Labels } from './typography.js';

/**
 * Draw one line of text that never wraps, starting at `x` or (`right`) ending there. No `width` is passed to
 * PDFKit: with one it would run its line wrapper, which adds a page when text sits in the bottom margin.
 */
export function label(doc: PDFKit.PDFDocument, text: string, x: number, y: number, font: Font, size: number, color: string, align: 'left' | 'right' = 'left'): void {
  drawText(doc, font, size, color, align === 'right' ? x - textWidth(doc, font, size, text) : x, y, text);
}

/** What the cover page shows. */
export interface Cover {
  kicker: string;
  title: string;
  version: string;
  facts: Array<[string, string]>;
  notes: string | null;
}

/** The most lines the cover gives the title and each fact. */
const COVER_LINES = { title: 8, fact: 3 } as const;

/** PDFKit's line height for a face and size (plus `gap`), so the cover keeps the spacing it had when PDFKit set it. */
const lineHeight = (doc: PDFKit.PDFDocument, font: Font, size: number, gap = 0) => doc.font(font).fontSize(size).currentLineHeight(true) + gap;

/** Draw plain text in one face, at most `max` lines from `y` down (an ellipsis ends what is cut); returns the y below. */
function coverText(doc: PDFKit.PDFDocument, span: Span, size: number, y: number, x: number, max: number, gap = 0, justify = false): number {
  const width = PAGE.right - x;
  const step = lineHeight(doc, span.font, size, gap);
  const lines = max > 0 ? boundedLines(doc, span, size, width, max, justify) : [];
  lines.forEach((line, i) => drawLine(doc, line, x, y + i * step, width));
  return y + lines.length * step;
}

/** Draw a cover's text as a heading or paragraph of the tagged PDF. */
const tagged = (doc: PDFKit.PDFDocument, role: 'H1' | 'P', draw: () => void) => tagger(doc).add(role, draw);
const decoration = (doc: PDFKit.PDFDocument, draw: () => void) => tagger(doc).artifact('Layout', draw);

/** Draw the cover on the current page: status, title, version, then the facts (date, publisher…) and notes; returns where it ended. */
export function drawCover(doc: PDFKit.PDFDocument, cover: Cover): number {
  const width = PAGE.right - PAGE.left;
  decoration(doc, () => doc.save().rect(PAGE.left, 150, 36, 3).fill(INK.insert).restore());
  tagged(doc, 'P', () => label(doc, cover.kicker.toUpperCase(), PAGE.left, 166, Font.sansSemibold, 10, INK.muted));
  let y = 0;
  tagged(doc, 'H1', () => (y = coverText(doc, { text: cover.title, font: Font.sansBold, color: INK.text }, 26, 190, PAGE.left, COVER_LINES.title, 4) + 14));
  tagged(doc, 'P', () => label(doc, fitText(doc, cover.version, width, Font.sans, 17), PAGE.left, y, Font.sans, 17, INK.text));
  y += 52;
  for (const [name, value] of cover.facts) {
    tagged(doc, 'P', () => {
      label(doc, name, PAGE.left, y, Font.sans, 9.5, INK.muted);
      const end = coverText(doc, { text: value, font: Font.sans, color: INK.text }, 11, y - 1, PAGE.left + 120, COVER_LINES.fact);
      y = Math.max(y + 20, end + 6);
    });
  }
  const notes = cover.notes;
  if (notes) {
    decoration(doc, () => doc.save().moveTo(PAGE.left, y + 8).lineTo(PAGE.right, y + 8).lineWidth(0.5).stroke(INK.rule).restore());
    const lines = Math.floor((PAGE.bottom - y - 40) / lineHeight(doc, Font.bodyItalic, 11, 3));
    tagged(doc, 'P', () => (y = coverText(doc, { text: notes, font: Font.bodyItalic, color: INK.text }, 11, y + 22, PAGE.left, lines, 3, true)));
  }
  tagger(doc).artifact('Pagination', () => label(doc, 'Amendo', PAGE.left, PAGE.bottom + 26, Font.sans, 8, INK.muted));
  return y;
}

/** One line of a table of contents: a section or an article, and the page it starts on (1-based). */
export interface TocEntry {
  level: 'section' | 'article';
  text: string;
  page: number;
}

const TOC = { heading: 64, section: 26, article: 16.5 } as const;

/** Split entries into the pages the table of contents needs (the first page also carries its heading). */
export function paginateToc(entries: Array<Pick<TocEntry, 'level'>>): number[][] {
  const pages: number[][] = [[]];
  let y = PAGE.top + TOC.heading;
  entries.forEach((entry, i) => {
    const h = TOC[entry.level];
    if (y + h > PAGE.bottom) {
      pages.push([]);
      y = PAGE.top;
    }
    pages[pages.length - 1]!.push(i);
    y += h;
  });
  return pages;
}

/** The structure elements of a table of contents, placed in reading order before the body that is drawn before them. */
export interface TocStructure {
  heading: PDFKit.PDFStructureElement;
  toc: PDFKit.PDFStructureElement;
}

/** Place the table of contents (its heading, then TOC) in the structure tree at this point of the reading order. */
export function reserveToc(doc: PDFKit.PDFDocument): TocStructure {
  tagger(doc).endLists();
  return { heading: tagger(doc).element('H2'), toc: tagger(doc).element('TOC') };
}

/** Write the table of contents onto the pages reserved for it, from page index `first`, with dot leaders; each entry a TOCI. */
export async function drawToc(doc: PDFKit.PDFDocument, heading: string, entries: TocEntry[], first: number, budget: ExportBudget, structure: TocStructure): Promise<void> {
  const tags = tagger(doc);
  for (const [p, indexes] of paginateToc(entries).entries()) {
    await budget.pause(doc.bufferedPageRange().count);
    doc.switchToPage(first + p);
    let y = PAGE.top;
    if (p === 0) {
      tags.mark(structure.heading, 'H2', () => label(doc, heading, PAGE.left, y, Font.sansBold, 17, INK.text));
      structure.heading.end();
      y += TOC.heading;
    }
    for (const entry of indexes.map((i) => entries[i]!)) {
      const section = entry.level === 'section';
      if (section) y += 8;
      const font = section ? Font.sansSemibold : Font.body;
      const size = section ? 11 : 10.5;
      const number = String(entry.page);
      const numberWidth = textWidth(doc, font, size, number);
      const x = PAGE.left + (section ? 0 : 14);
      const text = fitText(doc, entry.text, PAGE.right - numberWidth - x - 40, font, size);
      const item = doc.struct('TOCI');
      structure.toc.add(item);
      tags.mark(item, 'TOCI', () => label(doc, text, x, y, font, size, INK.text));
      const dot = textWidth(doc, Font.body, size, '. ');
      const from = Math.ceil((x + textWidth(doc, font, size, text) + 6 - PAGE.left) / dot) * dot + PAGE.left;
      const count = Math.floor((PAGE.right - numberWidth - 6 - from) / dot);
      if (count > 0) tags.artifact('Layout', () => label(doc, '. '.repeat(count), from, y, Font.body, size, INK.muted));
      tags.mark(item, 'TOCI', () => label(doc, number, PAGE.right, y, font, size, INK.text, 'right'));
      item.end();
      y += TOC[entry.level] - (section ? 8 : 0);
    }
  }
}

/** The running header and footer of every page after the cover. */
export interface Furniture {
  title: string;
  version: string;
  footer: string;
  watermark: string | null;
}

function watermark(doc: PDFKit.PDFDocument, text: string): void {
  const cx = PAGE.width / 2;
  const cy = PAGE.height / 2;
  doc.save().rotate(-50, { origin: [cx, cy] }).fillOpacity(0.09);
  const w = textWidth(doc, Font.sansBold, 76, text);
  label(doc, text, cx - w / 2, cy - 38, Font.sansBold, 76, INK.muted);
  doc.restore();
}

/** Write headers, footers ("page X / Y") and the watermark on every page once the body is laid out. */
export async function drawFurniture(doc: PDFKit.PDFDocument, labels: Labels, furniture: Furniture, budget: ExportBudget): Promise<void> {
  const { start, count } = doc.bufferedPageRange();
  // Fitted once for the whole document: every page prints the same header.
  const width = PAGE.right - PAGE.left;
  const version = fitText(doc, furniture.version, width / 2, Font.sans, 8.5);
  const title = fitText(doc, furniture.title, width - textWidth(doc, Font.sans, 8.5, version) - 24, Font.sans, 8.5);
  for (let i = start; i < start + count; i++) {
    await budget.pause(count);
    doc.switchToPage(i);
    const mark = furniture.watermark;
    if (mark) tagger(doc).artifact('Pagination', () => watermark(doc, mark));
    if (i === start) continue;
    tagger(doc).artifact('Pagination', () => {
      label(doc, title, PAGE.left, 46, Font.sans, 8.5, INK.muted);
      label(doc, version, PAGE.right, 46, Font.sans, 8.5, INK.muted, 'right');
      doc.save().moveTo(PAGE.left, 60).lineTo(PAGE.right, 60).lineWidth(0.4).stroke(INK.rule).restore();
      doc.save().moveTo(PAGE.left, PAGE.bottom + 16).lineTo(PAGE.right, PAGE.bottom + 16).lineWidth(0.4).stroke(INK.rule).restore();
      label(doc, furniture.footer, PAGE.left, PAGE.bottom + 24, Font.sans, 8.5, INK.muted);
      label(doc, labels.page(i - start + 1, count), PAGE.right, PAGE.bottom + 24, Font.sans, 8.5, INK.muted, 'right');
    });
  }
}
