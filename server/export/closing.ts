import { Font } from './fonts.js';
import { BODY, headingBlock, textBlocks } from './blocks.js';
import { INK, PAGE, type Block, type Flow } from './layout.js';
import { clampText, PRINTED_TITLE_CHARS } from './fit.js';
import { label } from './furniture.js';
import { tagger } from './tagging.js';
import type { Labels } from './typography.js';
import type { ArticleChange } from '../../shared/validation/diff.js';

/** A changelog short enough to print: counts by kind of change and the accepted amendments. */
export interface ChangeSummary {
  previousVersion: string | null;
  summary: Record<ArticleChange, number>;
  amendments: Array<{ number: number; title: string | null; author: string }>;
}

/** Past this many amendments the closing page gives only the counts. */
const MAX_LISTED_AMENDMENTS = 12;

/** The counts of a diff summary as one line, e.g. "ajoutés : 1 · renumérotés : 3". */
export function summaryLine(labels: Labels, summary: Record<ArticleChange, number>): string {
  const kinds = ['added', 'modified', 'moved', 'renumbered', 'removed'] as const;
  const colon = labels.locale === 'fr' ? ' : ' : ': ';
  return kinds.filter((k) => summary[k] > 0).map((k) => `${labels.summary[k]}${colon}${summary[k]}`).join(' · ');
}

function changelogBlocks(doc: PDFKit.PDFDocument, labels: Labels, changes: ChangeSummary): Block[] {
  const heading = headingBlock(doc, labels, [{ text: labels.changelog(changes.previousVersion), font: Font.sansBold, color: INK.text }], 11, 10);
  const listed = changes.amendments.length <= MAX_LISTED_AMENDMENTS ? changes.amendments : [];
  const lines = [`Articles — ${summaryLine(labels, changes.summary)}`, ...listed.map((a) => `- ${labels.amendment(a.number, clampText(a.title ?? '', PRINTED_TITLE_CHARS), clampText(a.author, PRINTED_TITLE_CHARS))}`)];
  const text = listed.length ? `${lines[0]}\n\n${lines.slice(1).join('\n')}` : lines[0]!;
  return [heading, ...textBlocks(doc, labels, text, INK.muted)];
}

/** The closing of a document, laid out: the changelog's blocks, the fingerprints, and the height they take together. */
export interface Closing {
  blocks: Block[];
  fingerprints: Array<{ label: string; sha256: string }>;
  height: number;
}

/** Lay out the changelog (when short) and the SHA-256 fingerprints that end a document. */
export function layOutClosing(doc: PDFKit.PDFDocument, labels: Labels, changes: ChangeSummary | null, fingerprints: Array<{ label: string; sha256: string }>): Closing {
  const blocks = changes ? changelogBlocks(doc, labels, changes) : [];
  const height = 30 + blocks.reduce((h, b) => h + b.spaceBefore + b.lines.length * b.lineHeight, 0) + 18 + fingerprints.length * 30;
  return { blocks, fingerprints, height };
}

/** End the body with the closing, kept together on the last page. */
export async function drawClosing(doc: PDFKit.PDFDocument, flow: Flow, { blocks, fingerprints, height }: Closing): Promise<void> {
  await flow.ensure(height);
  flow.y += flow.y === PAGE.top ? 0 : 24;
  tagger(doc).artifact('Layout', () => doc.save().moveTo(PAGE.left, flow.y).lineTo(PAGE.left + 120, flow.y).lineWidth(0.6).stroke(INK.rule).restore());
  await flow.blocks(blocks);
  flow.y += 14;
  for (const f of fingerprints) {
    tagger(doc).add('P', () => {
      label(doc, f.label, PAGE.left, flow.y, Font.sansSemibold, 8.5, INK.muted);
      label(doc, f.sha256, PAGE.left, flow.y + 12, Font.sans, 9, INK.text);
    });
    flow.y += 30;
  }
  flow.y += BODY.paragraphGap;
}
