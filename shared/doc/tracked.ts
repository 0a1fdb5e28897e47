import type { Node } from 'prosemirror-model';
import { diffTokens } from './diff.js';
import type { DiffRun } from '../validation/diff.js';
import { contentTokens, isRefKey, keyText, type ContentToken } from './content-tokens.js';

/** A run of text with its marks. */
export interface TrackedRun {
  text: string;
  marks: string[];
}

/** One change between two wordings of an article body, placed in both. */
export interface TrackedChange {
  op: 'insert' | 'delete';
  /** The changed text, in the side that holds it (`before` for a deletion, `after` for an insertion). */
  from: number;
  to: number;
  /** Where it falls in the other side. */
  at: number;
  /** Its text with marks, to show it in the other side (a paragraph opening reads as a line break). */
  runs: TrackedRun[];
}

/** The runs of some tokens: their texts, adjacent ones with the same marks joined. */
function runsOf(tokens: readonly ContentToken[]): TrackedRun[] {
  const runs: TrackedRun[] = [];
  for (const token of tokens) {
    const text = token.key.startsWith('\u0000') ? (token.text ? '\n' : '') : token.text;
    if (!text) continue;
    const last = runs[runs.length - 1];
    if (last && last.marks.join() === token.marks.join()) last.text += text;
    else runs.push({ text, marks: token.marks });
  }
  return runs;
}

/** Where a change falls in a side: after the token before it there, else at the start of the next one. */
function placeIn(tokens: readonly ContentToken[], index: number): number {
  return index > 0 ? tokens[index - 1]!.to : (tokens[0]?.from ?? 0);
}

/**
 * The changes from one wording of an article body to another, phrase by phrase as the diffs read them, each placed
 * in both (ProseMirror positions from the start of the blocks: add where the first body block starts), so an
 * editor can mark deletions in `before` and show insertions there as widgets, or the other way round.
 */
export function trackChanges(before: readonly Node[], after: readonly Node[]): TrackedChange[] {
  const a = contentTokens(before);
  const b = contentTokens(after);
  const changes: TrackedChange[] = [];
  let i = 0;
  let j = 0;
  for (const run of diffTokens(a.map((t) => t.key), b.map((t) => t.key), keyText)) {
    const n = run.tokens.length;
    if (run.op === 'equal') {
      i += n;
      j += n;
    } else if (run.op === 'delete') {
      const tokens = a.slice(i, i + n);
      changes.push({ op: 'delete', from: tokens[0]!.from, to: tokens[n - 1]!.to, at: placeIn(b, j), runs: runsOf(tokens) });
      i += n;
    } else {
      const tokens = b.slice(j, j + n);
      changes.push({ op: 'insert', from: tokens[0]!.from, to: tokens[n - 1]!.to, at: placeIn(a, i), runs: runsOf(tokens) });
      j += n;
    }
  }
  return changes;
}

/** Append a token to the runs, joined to the last run when it has the same op and marks. */
function push(runs: DiffRun[], op: DiffRun['op'], token: ContentToken): void {
  if (!token.text) return;
  const marks = token.marks as NonNullable<DiffRun['marks']>;
  const last = runs[runs.length - 1];
  if (last && last.op === op && last.was === undefined && (last.marks ?? []).join() === marks.join()) last.text += token.text;
  else runs.push(marks.length ? { op, text: token.text, marks } : { op, text: token.text });
}

/**
 * The phrase diff of two wordings of an article body, as runs of text with their marks: the text of each run in
 * the plain form of the JSON view (paragraphs a blank line apart, `- ` list lines), so a word made bold is a
 * changed word and a paragraph made a list item a changed line. A reference whose article was renumbered is an
 * unchanged run of its own, with the number it read before (`was`).
 */
export function diffContent(before: readonly Node[], after: readonly Node[]): DiffRun[] {
  const a = contentTokens(before);
  const b = contentTokens(after);
  const runs: DiffRun[] = [];
  let i = 0;
  let j = 0;
  for (const run of diffTokens(a.map((t) => t.key), b.map((t) => t.key), keyText)) {
    const n = run.tokens.length;
    for (let k = 0; k < n; k++) {
      if (run.op === 'delete') push(runs, 'delete', a[i++]!);
      else if (run.op === 'insert') push(runs, 'insert', b[j++]!);
      else if (a[i]!.text === b[j]!.text) {
        push(runs, 'equal', b[j++]!);
        i++;
      } else if (isRefKey(b[j]!.key)) {
        // A reference whose article was renumbered: the same reference, reading another number.
        runs.push({ op: 'equal', text: b[j++]!.text, was: a[i++]!.text });
      } else {
        // The same place with another text: a list item whose number changed reads as its old number replaced.
        push(runs, 'delete', a[i++]!);
        push(runs, 'insert', b[j++]!);
      }
    }
  }
  return runs;
}
