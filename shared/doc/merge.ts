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

/** A stretch of the merged tokens (`start`–`end`, token indices) both sides changed differently, the merge keeping `ours`. */
export interface TokenConflict {
  base: string[];
  ours: string[];
  theirs: string[];
  start: number;
  end: number;
}

/**
 * Three-way merge of token sequences (diff3 over their two-way diffs): `ours` and `theirs` were both derived from
 * `base`. Changes to different tokens are both kept; where both sides changed the same or touching tokens
 * differently the merge keeps `ours` (so a merge never undoes what `ours` holds) and reports the stretch as a
 * conflict. Identical changes on both sides are kept once. Null when a side changed more than a thousand tokens.
 */
export function mergeTokens(o: string[], a: string[], b: string[]): { tokens: string[]; conflicts: TokenConflict[] } | null {
  const oursHunks = hunks(o, a, 'ours');
  const theirsHunks = oursHunks && hunks(o, b, 'theirs');
  if (!oursHunks || !theirsHunks) return null;
  const all = [...oursHunks, ...theirsHunks].sort((x, y) => x.start - y.start || x.end - y.end);
  const tokens: string[] = [];
  let at = 0;
  const conflicts: TokenConflict[] = [];
  for (let i = 0; i < all.length; ) {
    // A region: hunks that overlap or touch, so that one side's change cannot be applied without the other's.
    const start = all[i]!.start;
    let end = all[i]!.end;
    let j = i + 1;
    while (j < all.length && all[j]!.start <= end) end = Math.max(end, all[j++]!.end);
    const region = all.slice(i, j);
    i = j;
    tokens.push(...o.slice(at, start));
    at = end;
    const mine = region.filter((h) => h.side === 'ours');
    const yours = region.filter((h) => h.side === 'theirs');
    const kept = apply(o, start, end, mine.length ? mine : yours);
    if (mine.length && yours.length) {
      const other = apply(o, start, end, yours);
      if (!same(kept, other)) conflicts.push({ base: o.slice(start, end), ours: kept, theirs: other, start: tokens.length, end: tokens.length + kept.length });
    }
    tokens.push(...kept);
  }
  tokens.push(...o.slice(at));
  return { tokens, conflicts };
}

/**
 * Three-way merge of a text at word level (`mergeTokens` over the tokens of the word diff, numbers and dates
 * whole), conflicts reported as spans of the merged text. A side that rewrote more than a thousand tokens is not
 * merged word by word: the whole changed stretch is one conflict.
 */
export function mergeWords(base: string, ours: string, theirs: string): TextMerge {
  const merged = mergeTokens(tokenize(base), tokenize(ours), tokenize(theirs));
  if (!merged) {
    if (ours === theirs || theirs === base) return { text: ours, conflicts: [] };
    if (ours === base) return { text: theirs, conflicts: [] };
    return { text: ours, conflicts: [{ base, ours, theirs, start: 0, end: ours.length }] };
  }
  const offset = (index: number) => merged.tokens.slice(0, index).join('').length;
  const conflicts = merged.conflicts.map((c) => ({ base: c.base.join(''), ours: c.ours.join(''), theirs: c.theirs.join(''), start: offset(c.start), end: offset(c.end) }));
  return { text: merged.tokens.join(''), conflicts };
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
