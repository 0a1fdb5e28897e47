import { Font } from './fonts.js';
import { glyphs, INK, PAGE } from './layout.js';
import type { Labels } from './typography.js';

/**
 * Draw one line of text that never wraps, starting at `x` or (`right`) ending there. No `width` is passed to
 * PDFKit: with one it would run its line wrapper, which adds a page when text sits in the bottom margin.
 */
export function label(doc: PDFKit.PDFDocument, text: string, x: number, y: number, font: Font, size: number, color: string, align: 'left' | 'right' = 'left'): void {
  doc.font(font).fontSize(size).fillColor(color);
  const left = align === 'right' ? x - doc.widthOfString(glyphs(text)) : x;
  doc.text(glyphs(text), left, y, { lineBreak: false });
}

/** Shorten text with an ellipsis until it fits `width` points in the current font. */
export function fit(doc: PDFKit.PDFDocument, text: string, width: number): string {
  if (doc.widthOfString(glyphs(text)) <= width) return text;
  let cut = text.length;
  while (cut > 1 && doc.widthOfString(glyphs(text.slice(0, cut)) + '…') > width) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}

/** What the cover page shows. */
export interface Cover {
  kicker: string;
  title: string;
  version: string;
  facts: Array<[string, string]>;
  notes: string | null;
}

/** Draw the cover on the current page: status, title, version, then the facts (date, publisher…) and notes; returns where it ended. */
export function drawCover(doc: PDFKit.PDFDocument, cover: Cover): number {
  const width = PAGE.right - PAGE.left;
  doc.save().rect(PAGE.left, 150, 36, 3).fill(INK.insert).restore();
  label(doc, cover.kicker.toUpperCase(), PAGE.left, 166, Font.sansSemibold, 10, INK.muted);
  doc.font(Font.sansBold).fontSize(26).fillColor(INK.text).text(glyphs(cover.title), PAGE.left, 190, { width, lineGap: 4 });
  let y = doc.y + 14;
  label(doc, cover.version, PAGE.left, y, Font.sans, 17, INK.text);
  y += 52;
  for (const [name, value] of cover.facts) {
    label(doc, name, PAGE.left, y, Font.sans, 9.5, INK.muted);
    doc.font(Font.sans).fontSize(11).fillColor(INK.text).text(glyphs(value), PAGE.left + 120, y - 1, { width: width - 120 });
    y = Math.max(y + 20, doc.y + 6);
  }
  if (cover.notes) {
    doc.save().moveTo(PAGE.left, y + 8).lineTo(PAGE.right, y + 8).lineWidth(0.5).stroke(INK.rule).restore();
    doc.font(Font.bodyItalic).fontSize(11).fillColor(INK.text).text(glyphs(cover.notes), PAGE.left, y + 22, { width, align: 'justify', lineGap: 3, height: PAGE.bottom - y - 40, ellipsis: true });
    y = doc.y;
  }
  label(doc, 'Amendo', PAGE.left, PAGE.bottom + 26, Font.sans, 8, INK.muted);
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

/** Write the table of contents onto the pages reserved for it, from page index `first`, with dot leaders. */
export function drawToc(doc: PDFKit.PDFDocument, heading: string, entries: TocEntry[], first: number): void {
  paginateToc(entries).forEach((indexes, p) => {
    doc.switchToPage(first + p);
    let y = PAGE.top;
    if (p === 0) {
      label(doc, heading, PAGE.left, y, Font.sansBold, 17, INK.text);
      y += TOC.heading;
    }
    for (const entry of indexes.map((i) => entries[i]!)) {
      const section = entry.level === 'section';
      if (section) y += 8;
      const font = section ? Font.sansSemibold : Font.body;
      const size = section ? 11 : 10.5;
      const number = String(entry.page);
      doc.font(font).fontSize(size);
      const numberWidth = doc.widthOfString(number);
      const x = PAGE.left + (section ? 0 : 14);
      const text = fit(doc, entry.text, PAGE.right - numberWidth - x - 40);
      label(doc, text, x, y, font, size, INK.text);
      const dot = doc.font(Font.body).fontSize(size).widthOfString('. ');
      const from = Math.ceil((x + doc.font(font).widthOfString(glyphs(text)) + 6 - PAGE.left) / dot) * dot + PAGE.left;
      const count = Math.floor((PAGE.right - numberWidth - 6 - from) / dot);
      if (count > 0) label(doc, '. '.repeat(count), from, y, Font.body, size, INK.muted);
      label(doc, number, PAGE.right, y, font, size, INK.text, 'right');
      y += TOC[entry.level] - (section ? 8 : 0);
    }
  });
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
  doc.font(Font.sansBold).fontSize(76);
  const w = doc.widthOfString(text);
  label(doc, text, cx - w / 2, cy - 38, Font.sansBold, 76, INK.muted);
  doc.restore();
}

/** Write headers, footers ("page X / Y") and the watermark on every page once the body is laid out. */
export function drawFurniture(doc: PDFKit.PDFDocument, labels: Labels, furniture: Furniture): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    if (furniture.watermark) watermark(doc, furniture.watermark);
    if (i === start) continue;
    const width = PAGE.right - PAGE.left;
    doc.font(Font.sans).fontSize(8.5);
    const version = furniture.version;
    const title = fit(doc, furniture.title, width - doc.widthOfString(version) - 24);
    label(doc, title, PAGE.left, 46, Font.sans, 8.5, INK.muted);
    label(doc, version, PAGE.right, 46, Font.sans, 8.5, INK.muted, 'right');
    doc.save().moveTo(PAGE.left, 60).lineTo(PAGE.right, 60).lineWidth(0.4).stroke(INK.rule).restore();
    doc.save().moveTo(PAGE.left, PAGE.bottom + 16).lineTo(PAGE.right, PAGE.bottom + 16).lineWidth(0.4).stroke(INK.rule).restore();
    label(doc, furniture.footer, PAGE.left, PAGE.bottom + 24, Font.sans, 8.5, INK.muted);
    label(doc, labels.page(i - start + 1, count), PAGE.right, PAGE.bottom + 24, Font.sans, 8.5, INK.muted, 'right');
  }
}
