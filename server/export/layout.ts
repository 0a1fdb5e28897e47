import type { ExportBudget } from './budget.js';
import type { Font } from './fonts.js';
import { drawText, shape, textWidth, textWriter, type Shaped } from './glyph-runs.js';
import type { Hyphenator } from './hyphenation.js';
import { tagger, type ListPlace, type Role } from './tagging.js';

/** A run of text in one face and colour; `mark` draws it as inserted (underlined) or deleted (struck through), `script` as a superscript. */
export interface Span {
  text: string;
  font: Font;
  color: string;
  mark?: 'insert' | 'delete';
  script?: 'sup';
}

/** Size of superscript letters relative to the text; drawn from the same top, their baseline rises by about a third. */
const SUP_SCALE = 0.62;

/** The size a span is set at on a line of `size` points. */
const spanSize = (span: Span, size: number) => (span.script ? size * SUP_SCALE : size);

interface Piece {
  text: string;
  span: Span;
  width: number;
  /** Its glyphs, when measured whole. */
  shaped?: Shaped;
}

/** A stretch of text that never breaks, with the breakable space that follows it (if any). */
interface Word {
  pieces: Piece[];
  width: number;
  space: Piece | null;
}

/** One typeset line: its words, natural width, and whether it is stretched to the full measure. */
export interface Line {
  words: Word[];
  width: number;
  justify: boolean;
  size: number;
}

/** Page geometry in points (A4). */
export const PAGE = { width: 595.28, height: 841.89, left: 78, right: 517.28, top: 82, bottom: 770 } as const;

/** Colours of the ink, muted text, rules, insertions, deletions and change bars. */
export const INK = { text: '#1a1a1a', muted: '#5f6368', rule: '#b8bcc2', insert: '#1546b0', delete: '#b3261e', bar: '#1a1a1a' } as const;

/** Past this many characters a word is measured character by character: it is about to be split anyway. */
const LONG_WORD = 200;

function charWidth(doc: PDFKit.PDFDocument, span: Span, char: string, size: number): number {
  return textWidth(doc, span.font, spanSize(span, size), char);
}

/**
 * A run of text and its width. Long runs are summed from their characters' widths, so a word of a million
 * characters is never laid out (nor cached by PDFKit) whole.
 */
function measure(doc: PDFKit.PDFDocument, span: Span, text: string, size: number): Piece {
  if (text.length <= LONG_WORD) {
    const shaped = shape(doc, span.font, text);
    return { text, span, width: shaped.width * (spanSize(span, size) / 1000), shaped };
  }
  let width = 0;
  for (const char of text) width += charWidth(doc, span, char, size);
  return { text, span, width };
}

/** Split a word wider than the measure into words that fit, each drawn as one piece per span; linear in its length. */
function splitWide(doc: PDFKit.PDFDocument, word: Word, size: number, width: number): Word[] {
  const out: Word[] = [];
  let current: Word = { pieces: [], width: 0, space: null };
  for (const { span, text } of word.pieces) {
    let piece: Piece = { text: '', span, width: 0 };
    const settle = () => {
      if (!piece.text) return;
      current.pieces.push(piece);
      current.width += piece.width;
      piece = { text: '', span, width: 0 };
    };
    for (const char of text) {
      const w = charWidth(doc, span, char, size);
      if (current.width + piece.width + w > width && (current.pieces.length || piece.text)) {
        settle();
        out.push(current);
        current = { pieces: [], width: 0, space: null };
      }
      piece.text += char;
      piece.width += w;
    }
    settle();
  }
  current.space = word.space;
  out.push(current);
  return out;
}

/**
 * Split a one-piece word that overflows the line at its last hyphenation point that leaves `room` for its start
 * and a hyphen; null when there is none (punctuation around the word stays with its part).
 */
function hyphenateWord(doc: PDFKit.PDFDocument, word: Word, size: number, room: number, hyphenate: Hyphenator): [Word, Word] | null {
  if (word.pieces.length !== 1) return null;
  const { span, text } = word.pieces[0]!;
  const [, lead = '', core = ''] = /^(\P{L}*(?:\p{L}{1,3}[’'])?)(\p{L}+)(\P{L}*)$/u.exec(text) ?? [];
  if (!core) return null;
  const points = hyphenate(core);
  for (let k = points.length - 1; k >= 0; k--) {
    const cut = lead.length + points[k]!;
    const head = measure(doc, span, `${text.slice(0, cut)}-`, size);
    if (head.width > room) continue;
    const tail = measure(doc, span, text.slice(cut), size);
    return [{ pieces: [head], width: head.width, space: null }, { pieces: [tail], width: tail.width, space: word.space }];
  }
  return null;
}

/**
 * Break spans into lines of at most `width` points, at ordinary spaces, at every newline and, given a `hyphenate`,
 * inside words at their hyphenation points; `justify` stretches all but the last line.
 */
export function layoutLines(doc: PDFKit.PDFDocument, spans: Span[], size: number, width: number, justify = true, hyphenate?: Hyphenator): Line[] {
  const items: Array<Word | 'break'> = [];
  let word: Word | null = null;
  const close = () => {
    if (word) for (const item of word.width > width ? splitWide(doc, word, size, width) : [word]) items.push(item);
    word = null;
  };
  for (const span of spans) {
    for (const part of span.text.replace(/\t/g, ' ').split(/( +|\n)/)) {
      if (!part) continue;
      if (part === '\n') {
        close();
        items.push('break');
      } else if (part.startsWith(' ')) {
        const target: Word | 'break' | undefined = word ?? items[items.length - 1];
        if (target && target !== 'break' && !target.space) target.space = measure(doc, span, ' ', size);
        close();
      } else {
        word ??= { pieces: [], width: 0, space: null };
        const piece = measure(doc, span, part, size);
        word.pieces.push(piece);
        word.width += piece.width;
      }
    }
  }
  close();

  const lines: Line[] = [];
  let line: Line = { words: [], width: 0, justify: false, size };
  const finish = (justify: boolean) => {
    lines.push({ ...line, justify });
    line = { words: [], width: 0, justify: false, size };
  };
  for (const item of items) {
    if (item === 'break') {
      finish(false);
      continue;
    }
    const previous = line.words[line.words.length - 1];
    const gap = previous?.space?.width ?? 0;
    let word = item;
    if (previous && line.width + gap + item.width > width) {
      const split = hyphenate ? hyphenateWord(doc, item, size, width - line.width - gap, hyphenate) : null;
      if (split) {
        line.words.push(split[0]);
        line.width += gap + split[0].width;
        word = split[1];
      }
      finish(justify);
    } else line.width += gap;
    line.words.push(word);
    line.width += word.width;
  }
  if (line.words.length || !lines.length) finish(false);
  return lines;
}

/**
 * Draw a line with its top at `y`, justified to `width` when it is not the last of its paragraph, with
 * underlines and strike-throughs for marked spans. Returns whether the line holds a change.
 */
export function drawLine(doc: PDFKit.PDFDocument, line: Line, x: number, y: number, width: number): boolean {
  const spaces = line.words.length - 1;
  const stretch = line.justify && spaces > 0 ? (width - line.width) / spaces : 0;
  const marks: Array<{ mark: 'insert' | 'delete'; from: number; to: number }> = [];
  const mark = (span: Span, from: number, to: number) => {
    if (!span.mark) return;
    const last = marks[marks.length - 1];
    if (last && last.mark === span.mark && Math.abs(last.to - from) < 0.01) last.to = to;
    else marks.push({ mark: span.mark, from, to });
  };
  const writer = textWriter(doc);
  writer.begin(y);
  let cursor = x;
  line.words.forEach((word, i) => {
    const lastWord = i === spaces;
    for (const piece of word.pieces) {
      writer.text(piece.span.font, spanSize(piece.span, line.size), piece.span.color, cursor, piece.text, piece.shaped);
      mark(piece.span, cursor, cursor + piece.width);
      cursor += piece.width;
    }
    if (!lastWord && word.space) {
      // The space is drawn when it shares the style of the word's end, so text extraction sees it; justification stretches after it.
      const { span, text, shaped } = word.space;
      if (span === word.pieces[word.pieces.length - 1]?.span) writer.text(span.font, spanSize(span, line.size), span.color, cursor, text, shaped);
      const advance = word.space.width + stretch;
      mark(word.space.span, cursor, cursor + advance);
      cursor += advance;
    }
  });
  writer.finish();
  for (const m of marks) {
    const ruleY = m.mark === 'insert' ? y + line.size * 1.08 : y + line.size * 0.62;
    doc.save().lineWidth(0.7).strokeColor(m.mark === 'insert' ? INK.insert : INK.delete).moveTo(m.from, ruleY).lineTo(m.to, ruleY).stroke().restore();
  }
  return marks.length > 0;
}

/** A laid-out block: its lines at one indent, with an optional marker (bullet, number) before the first line. */
export interface Block {
  lines: Line[];
  indent: number;
  lineHeight: number;
  spaceBefore: number;
  marker?: { span: Span; size: number; indent: number };
  /** Draw a change bar beside every line, not only those holding a marked span. */
  bar?: boolean;
  /** Its role in the tagged PDF (a paragraph unless said otherwise), and its place in lists. */
  role?: Role;
  list?: ListPlace;
  /** A URL its lines link to (an article heading: the article's stable citation). */
  link?: string;
}

/**
 * The vertical cursor through the body pages, which keeps headings with their text and avoids widows and orphans.
 * Every new page is accounted to the export's budget, which may stop the export or let other requests run first.
 */
export class Flow {
  y: number = PAGE.top;

  constructor(
    readonly doc: PDFKit.PDFDocument,
    private readonly budget: ExportBudget,
  ) {}

  /** Index (0-based) of the page being written. */
  get page(): number {
    return this.doc.bufferedPageRange().start + this.doc.bufferedPageRange().count - 1;
  }

  /** Start a fresh page. */
  async newPage(): Promise<void> {
    await this.budget.pause(this.page + 2);
    this.doc.addPage();
    this.y = PAGE.top;
  }

  /** Break the page unless `height` more points fit on it. */
  async ensure(height: number): Promise<void> {
    if (this.y + height > PAGE.bottom) await this.newPage();
  }

  /** Draw headings and the start of their text together: break the page first unless the headings, `lines` lines and `extra` points fit. */
  async keepWithNext(headings: Block[], next: Block | undefined, lines = 2, extra = 0): Promise<void> {
    const height = headings.reduce((h, b) => h + this.height(b), 0) + (next ? next.spaceBefore + Math.min(lines, next.lines.length) * next.lineHeight : 0) + extra;
    await this.ensure(height);
    await this.blocks(headings);
  }

  /** Height a block takes with its first `lines` lines (all by default). */
  height(block: Block, lines = block.lines.length): number {
    return (this.y === PAGE.top ? 0 : block.spaceBefore) + Math.min(lines, block.lines.length) * block.lineHeight;
  }

  /** Draw blocks one after the other. */
  async blocks(blocks: Block[]): Promise<void> {
    for (const block of blocks) await this.block(block);
  }

  /**
   * Draw a block, breaking pages between lines but never leaving fewer than two lines at the foot or head of a page.
   * `keepAfter` points must fit below its end (the closing of a document): when they do not, its last three lines
   * (or the whole block, if short) go to the next page with them, so no page ends the document almost empty.
   */
  async block(block: Block, keepAfter = 0): Promise<void> {
    if (this.y !== PAGE.top) this.y += block.spaceBefore;
    const x = PAGE.left + block.indent;
    const width = PAGE.right - x;
    const { element, role, label } = tagger(this.doc).block(block.role ?? 'P', block.list);
    let i = 0;
    while (i < block.lines.length) {
      const rest = block.lines.length - i;
      const fit = Math.max(0, Math.floor((PAGE.bottom - this.y) / block.lineHeight + 0.001));
      let take = Math.min(fit, rest);
      if (take < rest) {
        // At least two lines on each side of a page break: no orphan at the foot, no widow at the head.
        if (rest - take < 2) take = rest - 2;
        if (i === 0 && take < 2) take = 0;
        if (take <= 0 && this.y === PAGE.top) take = Math.max(1, Math.min(fit, rest));
      } else if (keepAfter && this.y + take * block.lineHeight + keepAfter > PAGE.bottom && this.y !== PAGE.top) {
        take = rest >= 5 ? rest - 3 : i === 0 ? 0 : take;
      }
      if (i === 0 && take > 0 && block.marker) {
        const { span, size, indent } = block.marker;
        const draw = () => drawText(this.doc, span.font, size, span.color, PAGE.left + indent, this.y, span.text);
        if (label) tagger(this.doc).mark(label, 'Lbl', draw);
        else tagger(this.doc).artifact('Layout', draw);
      }
      if (take > 0) {
        tagger(this.doc).mark(element, role, () => {
          for (let k = 0; k < take; k++) {
            const changed = drawLine(this.doc, block.lines[i + k]!, x, this.y, width);
            if (block.link) this.doc.link(x, this.y, width, block.lineHeight, block.link);
            if (changed || block.bar) this.doc.save().rect(PAGE.left - 16, this.y + 1, 1.6, block.lineHeight - 1).fill(INK.bar).restore();
            this.y += block.lineHeight;
          }
        });
      }
      i += take;
      if (i < block.lines.length) await this.newPage();
    }
    // A list item's LBody stays open for the item's other paragraphs; the tagger ends it with the item.
    if (role !== 'LBody') element.end();
  }
}
