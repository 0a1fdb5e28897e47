import { diffArrays } from 'diff';
import { tokenize } from './diff.js';

/** A span both sides changed differently. The merge keeps `ours` there, at `start`–`end` of the merged text. */
export interface MergeConflict {
  base: string;
  ours: string;
  theirs: string;
  start: number;
  end: number;
}

/** A three-way merge: the merged text, and the spans in it where both sides changed the same words. */
export interface TextMerge {
  text: string;
  conflicts: MergeConflict[];
}

/** Edits (tokens inserted or deleted) beyond which a side is not diffed word by word: the merge then asks a person. */
const MAX_EDITS = 1000;

/** A stretch of `base` (`start`–`end`, in tokens) that one side replaced with `tokens`. */
interface Hunk {
  side: 'ours' | 'theirs';
  start: number;
  end: number;
  tokens: string[];
}

/** The stretches of `base` that `side` changed, or null when it changed more than `MAX_EDITS` tokens. */
function hunks(base: string[], derived: string[], side: Hunk['side']): Hunk[] | null {
  const changes = diffArrays(base, derived, { maxEditLength: MAX_EDITS });
  if (!changes) return null;
  const found: Hunk[] = [];
  let at = 0;
  let open: Hunk | null = null;
  for (const change of changes) {
    if (!change.added && !change.removed) {
      at += change.count;
      open = null;
      continue;
    }
    if (!open) found.push((open = { side, start: at, end: at, tokens: [] }));
    if (change.removed) open.end = at += change.count;
    else open.tokens.push(...change.value);
  }
  return found;
}

/** `base` from `start` to `end` with one side's hunks (all inside that stretch) applied. */
function apply(base: string[], start: number, end: number, side: readonly Hunk[]): string[] {
  const out: string[] = [];
  let at = start;
  for (const hunk of side) {
    out.push(...base.slice(at, hunk.start), ...hunk.tokens);
    at = hunk.end;
  }
  out.push(...base.slice(at, end));
  return out;
}

const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((t, i) => t === b[i]);

/**
 * Three-way merge of a text at word level (diff3), over the tokens of the word diff (numbers and dates whole) and
 * its two-way diff: `ours` and `theirs` were both derived from `base`. Changes to different words are both kept;
 * where both sides changed the same or touching words differently the merge keeps `ours` (so a merge never undoes
 * what `ours` holds) and reports the span as a conflict. Identical changes on both sides are kept once. A side that
 * rewrote more than a thousand tokens is not merged word by word: the whole changed stretch is one conflict.
 */
export function mergeWords(base: string, ours: string, theirs: string): TextMerge {
  const [o, a, b] = [tokenize(base), tokenize(ours), tokenize(theirs)];
  const oursHunks = hunks(o, a, 'ours');
  const theirsHunks = oursHunks && hunks(o, b, 'theirs');
  if (!oursHunks || !theirsHunks) {
    if (ours === theirs || theirs === base) return { text: ours, conflicts: [] };
    if (ours === base) return { text: theirs, conflicts: [] };
    return { text: ours, conflicts: [{ base, ours, theirs, start: 0, end: ours.length }] };
  }
  const all = [...oursHunks, ...theirsHunks].sort((x, y) => x.start - y.start || x.end - y.end);
  let text = '';
  let at = 0;
  const conflicts: MergeConflict[] = [];
  for (let i = 0; i < all.length; ) {
    // A region: hunks that overlap or touch, so that one side's change cannot be applied without the other's.
    const start = all[i]!.start;
    let end = all[i]!.end;
    let j = i + 1;
    while (j < all.length && all[j]!.start <= end) end = Math.max(end, all[j++]!.end);
    const region = all.slice(i, j);
    i = j;
    text += o.slice(at, start).join('');
    at = end;
    const mine = region.filter((h) => h.side === 'ours');
    const yours = region.filter((h) => h.side === 'theirs');
    const kept = apply(o, start, end, mine.length ? mine : yours);
    if (mine.length && yours.length && !same(kept, apply(o, start, end, yours))) {
      const keptText = kept.join('');
      conflicts.push({ base: o.slice(start, end).join(''), ours: keptText, theirs: apply(o, start, end, yours).join(''), start: text.length, end: text.length + keptText.length });
    }
    text += kept.join('');
  }
  return { text: text + o.slice(at).join(''), conflicts };
}

/**
 * Three-way merge of a short line (an article's title) as a whole: one side's change is taken, the same change on
 * both sides once, and different changes on both sides are a conflict (the merge keeps `ours`).
 */
export function mergeWhole(base: string, ours: string, theirs: string): TextMerge {
  if (ours === theirs || theirs === base) return { text: ours, conflicts: [] };
  if (ours === base) return { text: theirs, conflicts: [] };
  return { text: ours, conflicts: [{ base, ours, theirs, start: 0, end: ours.length }] };
}
