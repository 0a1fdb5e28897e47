import type { Node } from 'prosemirror-model';
import { textToBlocks } from '../../shared/doc/text.js';
import { refText } from '../../shared/schema.js';
import type { DraftArticle, DraftSection, DraftView } from '../../shared/validation/api.js';
import type { DiffRun } from '../../shared/validation/diff.js';
import { Font } from './fonts.js';
import { hyphenatorFor } from './hyphenation.js';
import { INK, layoutLines, PAGE, type Block, type Line, type Span } from './layout.js';
import { Memo } from './memo.js';
import type { Role } from './tagging.js';
import { FRENCH_ORDINAL, guillemetSpacing, typesetInPlace, type Labels } from './typography.js';

/** Body text: size, leading and spacing, in points. */
export const BODY = { size: 11, lineHeight: 15.6, paragraphGap: 6, listIndent: 20, listGap: 2 } as const;

const textWidth = (indent: number) => PAGE.right - PAGE.left - indent;

/** A span's French ordinals (1er, 2e) split off, their letters set as superscripts. */
function ordinalSpans(labels: Labels, span: Span): Span[] {
  if (labels.locale !== 'fr' || span.script) return [span];
  const out: Span[] = [];
  let last = 0;
  for (const m of span.text.matchAll(FRENCH_ORDINAL)) {
    const end = m.index + m[1]!.length;
    out.push({ ...span, text: span.text.slice(last, end) }, { ...span, text: m[2]!, script: 'sup' });
    last = end + m[2]!.length;
  }
  if (last < span.text.length) out.push({ ...span, text: span.text.slice(last) });
  return out.filter((s) => s.text);
}

/** Typeset spans as one text (quotes and French spacing across span boundaries), keeping each span's extent; ordinals as superscripts. */
export function typesetSpans(labels: Labels, spans: Span[]): Span[] {
  const joined = typesetInPlace(labels, spans.map((s) => s.text).join(''));
  let offset = 0;
  return spans.flatMap((span) => {
    const text = guillemetSpacing(labels, joined.slice(offset, offset + span.text.length));
    offset += span.text.length;
    return ordinalSpans(labels, { ...span, text });
  });
}

/** A textblock's text as spans in the body faces (bold for strong, italic for emphasis), hard breaks as newlines, references as their number. */
export function inlineSpans(node: Node, color: string): Span[] {
  const spans: Span[] = [];
  node.forEach((child) => {
    if (child.type.name === 'hard_break') spans.push({ text: '\n', font: Font.body, color });
    else if (child.type.name === 'article_ref') spans.push({ text: refText(child), font: Font.body, color });
    else if (child.isText) {
      const marks = new Set(child.marks.map((m) => m.type.name));
      const font = marks.has('strong') ? Font.bodyBold : marks.has('em') ? Font.bodyItalic : Font.body;
      spans.push({ text: child.text ?? '', font, color });
    }
  });
  return spans;
}

/**
 * Paragraphs and headings already typeset, for the whole thread: successive versions of a rulebook (and the same
 * one exported again) share most of their text, so most lines are never measured or broken twice. Lines are
 * never changed once laid out, so documents share them.
 */
const laidOut = new Memo<Line[]>(4_000);

function typesetLines(doc: PDFKit.PDFDocument, labels: Labels, spans: Span[], size: number, width: number, justify: boolean): Line[] {
  const key = `${labels.locale}|${size}|${width}|${justify}|${spans.map((s) => `${s.font}\u0001${s.color}\u0001${s.mark ?? ''}\u0001${s.script ?? ''}\u0001${s.text}`).join('\u0002')}`;
  return laidOut.get(key, () => layoutLines(doc, typesetSpans(labels, spans), size, width, justify, justify ? hyphenatorFor(labels.locale) : undefined));
}

function paragraph(doc: PDFKit.PDFDocument, labels: Labels, spans: Span[], indent: number, spaceBefore: number): Block {
  return { lines: typesetLines(doc, labels, spans, BODY.size, textWidth(indent), true), indent, lineHeight: BODY.lineHeight, spaceBefore };
}

function listItem(block: Block, marker: string, color: string, indent: number): Block {
  return { ...block, marker: { span: { text: marker, font: Font.body, color }, size: BODY.size, indent } };
}

function nodeBlocks(doc: PDFKit.PDFDocument, labels: Labels, node: Node, indent: number, color: string): Block[] {
  if (node.type.name === 'bullet_list' || node.type.name === 'ordered_list') {
    const start = node.type.name === 'ordered_list' ? (node.attrs.order as number) : null;
    const out: Block[] = [];
    const depth = indent / BODY.listIndent + 1;
    node.forEach((item, _offset, index) => {
      const inner = childBlocks(doc, labels, item, indent + BODY.listIndent, color).map((b): Block => ({ ...b, list: b.list ?? { depth, item: false } }));
      if (!inner.length) return;
      inner[0] = listItem({ ...inner[0]!, spaceBefore: index === 0 ? BODY.paragraphGap : BODY.listGap, list: { depth, item: true } }, start === null ? '•' : `${start + index}.`, color, indent);
      out.push(...inner);
    });
    return out;
  }
  return [paragraph(doc, labels, inlineSpans(node, color), indent, BODY.paragraphGap)];
}

function childBlocks(doc: PDFKit.PDFDocument, labels: Labels, node: Node, indent: number, color: string): Block[] {
  const out: Block[] = [];
  node.forEach((child) => out.push(...nodeBlocks(doc, labels, child, indent, color)));
  return out;
}

/** Plain text (the JSON view's form) laid out, for the whole thread, as paragraphs are. */
const plainBlocks = new Memo<Block[]>(1_000);

/** Lay out article text as justified paragraphs and indented lists: its formatted blocks, or the JSON view's plain form. */
export function textBlocks(doc: PDFKit.PDFDocument, labels: Labels, text: string | Node[], color: string = INK.text): Block[] {
  const blocks = (nodes: Node[]) => nodes.flatMap((node) => nodeBlocks(doc, labels, node, 0, color));
  if (typeof text !== 'string') return blocks(text.filter((node) => node.textContent.trim()));
  // A copy: callers may replace a block (never change one).
  return [...plainBlocks.get(`${labels.locale}|${color}|${text}`, () => blocks(text.trim() ? textToBlocks(text) : []))];
}


const BULLET = /^[-*•]\s+/;
const ORDERED = /^(\d+)[.)]\s+/;

/** A diff run, with the face its text is set in when the versions' formatting is known (see `marks.ts`). */
export type FacedRun = DiffRun & { font?: Font };

function runSpan(run: FacedRun, text: string, color: string): Span {
  const font = run.font ?? Font.body;
  if (run.op === 'insert') return { text, font, color: INK.insert, mark: 'insert' };
  if (run.op === 'delete') return { text, font, color: INK.delete, mark: 'delete' };
  return { text, font, color };
}

/** Split diff runs into the blocks of the text (at blank lines), each a list of runs. */
function splitRuns(runs: FacedRun[]): FacedRun[][] {
  const blocks: FacedRun[][] = [[]];
  for (const run of runs) {
    run.text.split(/\n[ \t]*\n+/).forEach((part, i) => {
      if (i > 0) blocks.push([]);
      if (part) blocks[blocks.length - 1]!.push({ ...run, text: part });
    });
  }
  return blocks.filter((b) => b.some((r) => r.text.trim()));
}

function splitLines(runs: FacedRun[]): FacedRun[][] {
  const lines: FacedRun[][] = [[]];
  for (const run of runs) {
    run.text.split('\n').forEach((part, i) => {
      if (i > 0) lines.push([]);
      if (part) lines[lines.length - 1]!.push({ ...run, text: part });
    });
  }
  return lines;
}

const side = (runs: FacedRun[], op: 'insert' | 'delete') => runs.filter((r) => r.op !== op).map((r) => r.text).join('');

/**
 * Lay out a word diff of article text: insertions and deletions marked, in the faces of their runs (bold, italic),
 * lists kept as lists when both sides agree on the item markers (a changed marker stays inline, in its colour).
 */
export function runBlocks(doc: PDFKit.PDFDocument, labels: Labels, runs: FacedRun[], color: string = INK.text): Block[] {
  return splitRuns(runs).flatMap((block) => {
    const after = side(block, 'delete').trim() ? side(block, 'delete') : side(block, 'insert');
    const lines = after.split('\n');
    const list = lines.every((l) => BULLET.test(l)) ? BULLET : lines.every((l) => ORDERED.test(l)) ? ORDERED : null;
    if (!list) return [paragraph(doc, labels, block.map((r) => runSpan(r, r.text, color)), 0, BODY.paragraphGap)];
    return splitLines(block).map((line, index) => {
      const first = line[0];
      const marker = first?.op === 'equal' ? list.exec(first.text) : null;
      const rest = marker ? [{ ...first!, text: first!.text.slice(marker[0].length) }, ...line.slice(1)] : line;
      const item = { ...paragraph(doc, labels, rest.filter((r) => r.text).map((r) => runSpan(r, r.text, color)), BODY.listIndent, index === 0 ? BODY.paragraphGap : BODY.listGap), list: { depth: 1, item: true } };
      return marker ? listItem(item, list === BULLET ? '•' : `${marker[1]}.`, color, 0) : item;
    });
  });
}

/** A heading in the sans face (article or section title), possibly with marked spans; an article's level (H3) unless said otherwise. */
export function headingBlock(doc: PDFKit.PDFDocument, labels: Labels, spans: Span[], size: number, spaceBefore: number, role: Role = 'H3'): Block {
  return { lines: typesetLines(doc, labels, spans, size, textWidth(0), false), indent: 0, lineHeight: size * 1.3, spaceBefore, role };
}

type Part = { kind: 'section'; section: DraftSection } | { kind: 'article'; article: DraftArticle };

/** Sections and articles in reading order; a section no article follows directly goes before the next one that does. */
export function readingOrder(view: DraftView): Part[] {
  const before = new Map<number, DraftSection[]>();
  let pending: DraftSection[] = [];
  for (const section of view.sections) {
    pending.push(section);
    if (section.firstArticle !== null) {
      before.set(section.firstArticle, pending);
      pending = [];
    }
  }
  return [
    ...view.articles.flatMap((article): Part[] => [...(before.get(article.number) ?? []).map((section) => ({ kind: 'section' as const, section })), { kind: 'article', article }]),
    ...pending.map((section) => ({ kind: 'section' as const, section })),
  ];
}

/** A chapter heading. */
export function sectionHeading(doc: PDFKit.PDFDocument, labels: Labels, title: string): Block {
  return headingBlock(doc, labels, [{ text: title, font: Font.sansSemibold, color: INK.text }], 15, 30, 'H2');
}
