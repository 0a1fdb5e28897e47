import type { DraftView } from '../../shared/validation/api.js';
import type { Font } from './fonts.js';
import { textWidth } from './glyph-runs.js';
import { layoutLines, type Line, type Span } from './layout.js';

/**
 * The most characters of a title (rulebook, chapter, article, amendment) or name an export prints. Above every
 * input cap, so only rows older than the caps (or written around them) are shortened; it bounds what is measured.
 */
export const PRINTED_TITLE_CHARS = 500;

/** More characters than one line can show at any size the exports use; `fitText` measures no more than this. */
const LINE_CHARS = 1_000;

const ELLIPSIS = '…';

/** Whether cutting before `index` would split a surrogate pair. */
const splitsPair = (text: string, index: number) => index > 0 && index < text.length && /[\ud800-\udbff]/.test(text[index - 1]!);

/** Cut before `index`, or at the last space before it when that keeps at least half: the start, without trailing spaces or stops (an ellipsis follows). */
function cutAt(text: string, index: number): string {
  let end = splitsPair(text, index) ? index - 1 : index;
  if (end < text.length && text[end] !== ' ') {
    const space = text.lastIndexOf(' ', end);
    if (space > end / 2) end = space;
  }
  return text.slice(0, end).replace(/[\s.,;:]+$/u, '');
}

/** `text` if it has at most `max` characters, else its start (cut at a word boundary when one is near) and an ellipsis. */
export function clampText(text: string, max: number): string {
  return text.length <= max ? text : cutAt(text, max) + ELLIPSIS;
}

/** A version with every title (its own, its chapters', its articles') cut to what an export prints. */
export function clampTitles(view: DraftView): DraftView {
  const clamp = (title: string) => clampText(title, PRINTED_TITLE_CHARS);
  return {
    ...view,
    title: clamp(view.title),
    sections: view.sections.map((s) => ({ ...s, title: clamp(s.title) })),
    articles: view.articles.map((a) => ({ ...a, title: clamp(a.title) })),
  };
}

/**
 * The text if it fits `width` points in a face and size, else its longest start that fits with an
 * ellipsis, cut at a word boundary when one is near. A binary search on the cut point: about log2(n) measurements
 * of at most `LINE_CHARS` characters, whatever the length of the text.
 */
export function fitText(doc: PDFKit.PDFDocument, text: string, width: number, font: Font, size: number): string {
  const fits = (candidate: string) => textWidth(doc, font, size, candidate) <= width;
  if (text.length <= LINE_CHARS && fits(text)) return text;
  const source = text.slice(0, LINE_CHARS);
  let low = 0;
  let high = source.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (fits(source.slice(0, mid).trimEnd() + ELLIPSIS)) low = mid;
    else high = mid - 1;
  }
  const start = cutAt(source, low);
  return start || fits(ELLIPSIS) ? start + ELLIPSIS : '';
}

/** Narrowest advance of a visible character in the embedded faces, in ems (the serif's apostrophe: 0.18). */
const MIN_CHAR_EM = 0.15;

/**
 * Plain text in one face as at most `max` lines of `width` points; when it needs more, the last line shown ends
 * with an ellipsis. Only as many characters as `max` lines could hold are laid out, about log2(n) times.
 */
export function boundedLines(doc: PDFKit.PDFDocument, span: Span, size: number, width: number, max: number, justify = false): Line[] {
  const layout = (text: string) => layoutLines(doc, [{ ...span, text }], size, width, justify);
  const source = span.text.slice(0, Math.ceil((max * width) / (size * MIN_CHAR_EM)));
  const lines = layout(source);
  if (source === span.text && lines.length <= max) return lines;
  let low = 0;
  let high = source.length;
  while (low < high) {
    const mid = Math.ceil((low + high) / 2);
    if (layout(source.slice(0, mid).trimEnd() + ELLIPSIS).length <= max) low = mid;
    else high = mid - 1;
  }
  return layout(cutAt(source, low) + ELLIPSIS);
}
