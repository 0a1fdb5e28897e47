import type { Font } from './fonts.js';
import { Memo } from './memo.js';

/**
 * The text as the fonts can draw it. They lack the narrow no-break space (drawn as a no-break space: the line
 * breaker only breaks at U+0020, so it stays unbreakable), and fontkit throws on their empty glyphs for the
 * other typographic spaces and zero-width characters, so those become a space or disappear.
 */
export const glyphs = (text: string) =>
  text.replace(/[\u202f\u2007]/g, '\u00a0').replace(/[\u2000-\u200a]/g, ' ').replace(/[\u00ad\u200b-\u200d\u2060\ufeff]/g, '');

/** The parts of fontkit's font and glyph run that shaping reads. */
interface FontkitFont {
  unitsPerEm: number;
  layout(text: string): { glyphs: Array<{ id: number; advanceWidth: number; codePoints: number[] }>; positions: Array<{ xAdvance: number; xOffset: number; yOffset: number }> };
}

/** The parts of PDFKit's embedded font (0.17) that drawing uses: its subset, widths and ToUnicode map fill as glyphs are used. */
interface EmbeddedFont {
  id: string;
  font: FontkitFont;
  ascender: number;
  subset: { includeGlyph(id: number): number };
  widths: number[];
  unicode: number[][];
  ref(): unknown;
}

/** PDFKit's document internals that drawing uses. */
interface DocumentInternals {
  _font: EmbeddedFont;
  page: { fonts: Record<string, unknown> };
}

interface ShapedGlyph {
  id: number;
  /** The glyph's own advance and the shaper's adjustment (kerning) to it, in thousandths of an em. */
  advance: number;
  kern: number;
  codePoints: number[];
}

/** A text shaped in one face: its advance in thousandths of an em, and its glyphs (null when some are offset, e.g. combining marks). */
export interface Shaped {
  width: number;
  glyphs: ShapedGlyph[] | null;
}

/**
 * Shaped texts by face, for the whole thread: shaping with fontkit (ligatures, kerning) was the largest cost of a
 * render, and a rulebook repeats its words, as do the successive versions of a rulebook.
 */
const shapes = new Map<Font, Memo<Shaped>>();

/** The face as this document embeds it, selected as the current font. */
function embedded(doc: PDFKit.PDFDocument, font: Font): EmbeddedFont {
  return (doc.font(font) as unknown as DocumentInternals)._font;
}

/**
 * Shape as PDFKit measures: in chunks that end after each space or tab, so widths are exactly those PDFKit's
 * `widthOfString` gave.
 */
function shapeText(face: FontkitFont, text: string): Shaped {
  const scale = 1000 / face.unitsPerEm;
  let width = 0;
  let out: ShapedGlyph[] | null = [];
  for (const chunk of text.match(/[^ \t]*[ \t]|[^ \t]+$/g) ?? []) {
    const run = face.layout(chunk);
    run.glyphs.forEach((glyph, i) => {
      const position = run.positions[i]!;
      const advance = glyph.advanceWidth * scale;
      const xAdvance = position.xAdvance * scale;
      width += xAdvance;
      if (position.xOffset || position.yOffset) out = null;
      out?.push({ id: glyph.id, advance, kern: xAdvance - advance, codePoints: glyph.codePoints });
    });
  }
  return { width, glyphs: out };
}

/** A text (made drawable with `glyphs`) shaped in a face; once per process. */
export function shape(doc: PDFKit.PDFDocument, font: Font, text: string): Shaped {
  let known = shapes.get(font);
  if (!known) shapes.set(font, (known = new Memo(50_000)));
  return known.get(text, () => shapeText(embedded(doc, font).font, glyphs(text)));
}

/** Width in points of `text` (made drawable with `glyphs`) in a face at a size; measured once per process. */
export function textWidth(doc: PDFKit.PDFDocument, font: Font, size: number, text: string): number {
  return shape(doc, font, text).width * (size / 1000);
}

/** Per document and face: the embedded font and the TJ operands of texts already drawn with it. */
interface Face {
  font: EmbeddedFont;
  operands: Map<string, string>;
}

const documents = new WeakMap<PDFKit.PDFDocument, Map<Font, Face>>();

function face(doc: PDFKit.PDFDocument, font: Font): Face {
  let faces = documents.get(doc);
  if (!faces) documents.set(doc, (faces = new Map()));
  let known = faces.get(font);
  if (!known) faces.set(font, (known = { font: embedded(doc, font), operands: new Map() }));
  return known;
}

/** Round for the content stream (PDFKit keeps six decimals; a thousandth of a point is well below a device pixel). */
const num = (n: number) => String(Math.round(n * 1000) / 1000);

/** A byte of a literal string in a content stream (Latin-1 text, written out byte for byte); CR escaped, as readers turn it into LF. */
const byte = (b: number) => (b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b === 0x0d ? '\\r' : String.fromCharCode(b));

/**
 * The operands of TJ that draw shaped glyphs: subset glyph ids as two-byte literal strings (half the size of
 * PDFKit's hex, so half the deflating), kerning as position adjustments.
 */
function operands(doc: PDFKit.PDFDocument, font: Font, text: string, glyphList: ShapedGlyph[]): string {
  const { font: pdfFont, operands: known } = face(doc, font);
  let out = known.get(text);
  if (out !== undefined) return out;
  out = '';
  let codes = '';
  for (const glyph of glyphList) {
    const gid = pdfFont.subset.includeGlyph(glyph.id);
    pdfFont.widths[gid] ??= glyph.advance;
    pdfFont.unicode[gid] ??= glyph.codePoints;
    codes += byte(gid >> 8) + byte(gid & 0xff);
    if (glyph.kern) {
      out += `(${codes})${num(-glyph.kern)}`;
      codes = '';
    }
  }
  out += codes ? `(${codes})` : '';
  known.set(text, out);
  return out;
}

/** A text to draw with the top of its line at `y`, starting at `x`; `shaped` when the caller measured it already. */
export interface PlacedText {
  text: string;
  font: Font;
  size: number;
  color: string;
  x: number;
  shaped?: Shaped;
}

const rgb = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `${num((n >> 16) / 255)} ${num(((n >> 8) & 255) / 255)} ${num((n & 255) / 255)} rg`;
};

/**
 * Draw texts whose lines have their top at `y` (PDFKit's default baseline), as one text object: a text that
 * continues the previous one in the same face, size and colour joins its TJ array, the gap (justification)
 * written as a position adjustment; any other starts from its own text matrix, flipped like PDFKit's page.
 * Much lighter than PDFKit's `text()`, which writes a graphics state, matrix, font and colour, and re-encodes,
 * for every call.
 */
export function drawTexts(doc: PDFKit.PDFDocument, y: number, texts: PlacedText[]): void {
  const internals = doc as unknown as DocumentInternals;
  let ops = 'q BT\n';
  let tj = '';
  let current: { font: Font; size: number; color: string; end: number; baseline: number } | null = null;
  let fontKey = '';
  let colorKey = '';
  const flush = () => {
    if (tj) ops += `[${tj}]TJ\n`;
    tj = '';
  };
  for (const placed of texts) {
    if (!placed.text) continue;
    const shaped = placed.shaped ?? shape(doc, placed.font, placed.text);
    const { font } = face(doc, placed.font);
    if (!shaped.glyphs) {
      // Offset glyphs (combining marks): PDFKit positions them.
      flush();
      doc.addContent(`${ops}ET Q`);
      ops = 'q BT\n';
      current = null;
      fontKey = colorKey = '';
      doc.font(placed.font).fontSize(placed.size).fillColor(placed.color).text(glyphs(placed.text), placed.x, y, { lineBreak: false });
      continue;
    }
    internals.page.fonts[font.id] ??= font.ref();
    const baseline = y + (font.ascender / 1000) * placed.size;
    if (current && current.font === placed.font && current.size === placed.size && current.color === placed.color && current.baseline === baseline) {
      const gap = placed.x - current.end;
      if (Math.abs(gap) > 0.0005) tj += ` ${num((-gap * 1000) / placed.size)}`;
    } else {
      flush();
      const key = `/${font.id} ${num(placed.size)} Tf`;
      if (key !== fontKey) ops += `${(fontKey = key)}\n`;
      if (placed.color !== colorKey) ops += `${rgb((colorKey = placed.color))}\n`;
      ops += `1 0 0 -1 ${num(placed.x)} ${num(baseline)} Tm\n`;
    }
    const next = operands(doc, placed.font, placed.text, shaped.glyphs);
    // Adjacent strings join into one.
    tj = tj.endsWith(')') && next.startsWith('(') ? tj.slice(0, -1) + next.slice(1) : tj + next;
    current = { font: placed.font, size: placed.size, color: placed.color, end: placed.x + (shaped.width * placed.size) / 1000, baseline };
  }
  flush();
  doc.addContent(`${ops}ET Q`);
}
