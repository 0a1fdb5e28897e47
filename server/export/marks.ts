import type { Node } from 'prosemirror-model';
import type { DiffRun } from '../../shared/validation/diff.js';
import { inlineSpans, type FacedRun } from './blocks.js';
import { Font } from './fonts.js';

interface Piece {
  text: string;
  font: Font;
}

const plain = (text: string): Piece => ({ text, font: Font.body });

/**
 * A block as the JSON view writes it (`blockText` in shared/doc/view.ts: list items on their own lines after
 * `- ` or `N. `, their inner lines indented), each piece in the face of its marks.
 */
function pieces(block: Node): Piece[] {
  if (block.type.name !== 'bullet_list' && block.type.name !== 'ordered_list') return inlineSpans(block, '');
  const start = block.type.name === 'ordered_list' ? (block.attrs.order as number) : 0;
  const out: Piece[] = [];
  block.forEach((item, _offset, index) => {
    if (index > 0) out.push(plain('\n'));
    out.push(plain(start ? `${start + index}. ` : '- '));
    item.forEach((child, _o, i) => {
      if (i > 0) out.push(plain('\n'));
      for (const piece of pieces(child)) out.push({ ...piece, text: piece.text.replace(/\n/g, '\n   ') });
    });
  });
  return out;
}

/**
 * The face of each character (UTF-16 unit) of a version's plain text, from its formatted blocks, or null when
 * there are none or they do not read as `text` (then everything is set in the body face).
 */
export function facesOf(nodes: Node[] | null | undefined, text: string): Font[] | null {
  if (!nodes) return null;
  const all = nodes.flatMap((node, i) => (i > 0 ? [plain('\n\n'), ...pieces(node)] : pieces(node)));
  if (all.map((p) => p.text).join('') !== text) return null;
  return all.flatMap((p) => Array<Font>(p.text.length).fill(p.font));
}

const sideText = (runs: DiffRun[], skip: DiffRun['op']) =>
  runs
    .filter((r) => r.op !== skip)
    .map((r) => r.text)
    .join('');

/**
 * Diff runs split where the face changes: deleted text in the older version's faces, kept and inserted text in
 * the newer one's. A side whose faces are unknown, or that the runs do not spell out, is set in the body face.
 */
export function faceRuns(runs: DiffRun[], before: { text: string; faces: Font[] | null }, after: { text: string; faces: Font[] | null }): FacedRun[] {
  const older = before.faces && sideText(runs, 'insert') === before.text ? before.faces : null;
  const newer = after.faces && sideText(runs, 'delete') === after.text ? after.faces : null;
  if (!older && !newer) return runs;
  const out: FacedRun[] = [];
  let inOlder = 0;
  let inNewer = 0;
  for (const run of runs) {
    const faces = run.op === 'delete' ? older : newer;
    const at = run.op === 'delete' ? inOlder : inNewer;
    if (run.op !== 'insert') inOlder += run.text.length;
    if (run.op !== 'delete') inNewer += run.text.length;
    if (!faces) {
      out.push(run);
      continue;
    }
    for (let from = 0; from < run.text.length; ) {
      const font = faces[at + from]!;
      let to = from + 1;
      while (to < run.text.length && faces[at + to] === font) to++;
      out.push({ ...run, text: run.text.slice(from, to), font });
      from = to;
    }
  }
  return out;
}
