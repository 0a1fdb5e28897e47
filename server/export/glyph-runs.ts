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
  /** Its TJ operands in the last document that drew it (glyph ids are numbered per document). */
  drawn?: { face: Face; operands: Operands };
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
      // A character the face lacks would be drawn as .notdef (a box), which PDF/A forbids: it is left out.
      if (glyph.id === 0) return;
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

/** TJ operands of a text: its strings and adjustments, without the first string's opening parenthesis, nor the last's closing one when it ends on a string. */
interface Operands {
  body: string;
  open: boolean;
}

/** A face as one document embeds it. */
interface Face {
  font: EmbeddedFont;
  ascender: number;
}

/** Round for the content stream (PDFKit keeps six decimals; a thousandth of a point is well below a device pixel). */
const num = (n: number) => String(Math.round(n * 1000) / 1000);

/** A byte of a literal string in a content stream (Latin-1 text, written out byte for byte); CR escaped, as readers turn it into LF. */
const byte = (b: number) => (b === 0x28 || b === 0x29 || b === 0x5c ? `\\${String.fromCharCode(b)}` : b === 0x0d ? '\\r' : String.fromCharCode(b));

/**
 * The operands of TJ that draw shaped glyphs: subset glyph ids as two-byte literal strings (half the size of
 * PDFKit's hex, so half the deflating), kerning as position adjustments.
 */
function encode(face: Face, glyphList: ShapedGlyph[]): Operands {
  const { font } = face;
  let body = '';
  let open = true;
  for (const glyph of glyphList) {
    const gid = font.subset.includeGlyph(glyph.id);
    font.widths[gid] ??= glyph.advance;
    font.unicode[gid] ??= glyph.codePoints;
    body += `${open ? '' : '('}${byte(gid >> 8)}${byte(gid & 0xff)}`;
    open = !glyph.kern;
    if (glyph.kern) body += `)${num(-glyph.kern)}`;
  }
  return { body, open };
}

const rgb = (hex: string) => {
  const n = Number.parseInt(hex.slice(1), 16);
  return `${num((n >> 16) / 255)} ${num(((n >> 8) & 255) / 255)} ${num((n & 255) / 255)} rg`;
};

/**
 * Writes text straight into a document's content stream, one text object per line: a text that continues the
 * previous one in the same face, size and colour joins its TJ array, the gap (justification) written as a
 * position adjustment; any other starts from its own text matrix, flipped like PDFKit's page. Much lighter than
 * PDFKit's `text()`, which writes a graphics state, matrix, font and colour, and re-encodes, for every call.
 */
class TextWriter {
  private readonly faces = new Map<Font, Face>();
  private y = 0;
  private ops = '';
  private tj = '';
  /** Whether `tj` ends inside a string, so the next glyphs can join it. */
  private open = false;
  private font: Font | null = null;
  private size = 0;
  private color = '';
  private baseline = 0;
  private end = 0;
  private fontKey = '';

  constructor(private readonly doc: PDFKit.PDFDocument) {}

  private face(font: Font): Face {
    let face = this.faces.get(font);
    if (!face) {
      const embeddedFont = embedded(this.doc, font);
      this.faces.set(font, (face = { font: embeddedFont, ascender: embeddedFont.ascender }));
    }
    return face;
  }

  /** Start a line whose top is at `y` (PDFKit's default baseline). */
  begin(y: number): void {
    this.y = y;
    this.ops = 'q BT\n';
    this.font = null;
    this.fontKey = this.color = '';
  }

  private flush(): void {
    if (this.tj) this.ops += `[${this.tj}${this.open ? ')' : ''}]TJ\n`;
    this.tj = '';
    this.open = false;
  }

  /** Draw `text` from `x` on the line; `shaped` when the caller measured it already. */
  text(font: Font, size: number, color: string, x: number, text: string, shaped = shape(this.doc, font, text)): void {
    if (!shaped.glyphs) {
      // Offset glyphs (combining marks): PDFKit positions them.
      this.finish();
      this.doc.font(font).fontSize(size).fillColor(color).text(glyphs(text), x, this.y, { lineBreak: false });
      this.begin(this.y);
      return;
    }
    if (!shaped.glyphs.length) return;
    const face = this.face(font);
    (this.doc as unknown as DocumentInternals).page.fonts[face.font.id] ??= face.font.ref();
    const baseline = this.y + (face.ascender / 1000) * size;
    let gap = 0;
    if (this.font === font && this.size === size && this.color === color && this.baseline === baseline) gap = x - this.end;
    else {
      this.flush();
      const key = `/${face.font.id} ${num(size)} Tf`;
      if (key !== this.fontKey) this.ops += `${(this.fontKey = key)}\n`;
      if (color !== this.color) this.ops += `${rgb(color)}\n`;
      this.ops += `1 0 0 -1 ${num(x)} ${num(baseline)} Tm\n`;
      this.font = font;
      this.size = size;
      this.color = color;
      this.baseline = baseline;
    }
    if (shaped.drawn?.face !== face) shaped.drawn = { face, operands: encode(face, shaped.glyphs) };
    const { body, open } = shaped.drawn.operands;
    if (Math.abs(gap) > 0.0005) this.tj += `${this.open ? ')' : ''} ${num((-gap * 1000) / size)}(`;
    else if (!this.open) this.tj += '(';
    this.tj += body;
    this.open = open;
    this.end = x + (shaped.width * size) / 1000;
  }

  /** End the line: write its text object into the page. */
  finish(): void {
    this.flush();
    if (this.ops !== 'q BT\n') this.doc.addContent(`${this.ops}ET Q`);
    this.ops = '';
  }
}

const writers = new WeakMap<PDFKit.PDFDocument, TextWriter>();

/** The document's text writer, to draw a line of texts with `begin`, `text`… and `finish`. */
export function textWriter(doc: PDFKit.PDFDocument): TextWriter {
  let writer = writers.get(doc);
  if (!writer) writers.set(doc, (writer = new TextWriter(doc)));
  return writer;
}

/** Draw one text with the top of its line at `y`, from `x`. */
export function drawText(doc: PDFKit.PDFDocument, font: Font, size: number, color: string, x: number, y: number, text: string): void {
  const writer = textWriter(doc);
  writer.begin(y);
  writer.text(font, size, color, x, text);
  writer.finish();
}
