import { diffArrays } from 'diff';
import type { DiffRun } from '../validation/diff.js';

/**
 * Words (letters with their accents, digits, numbers like `1 500` are two words), an elided article kept with
 * its apostrophe (`l'`, `qu’`), runs of whitespace (including non-breaking spaces) and single punctuation marks
 * such as `«`, `»`, `:`, so French text diffs at the level a reader expects.
 */
const TOKEN = /[\p{L}\p{M}]+['’](?=\p{L})|[\p{L}\p{M}\p{N}]+(?:[.,]\p{N}+)*|\s+|[^\s\p{L}\p{M}\p{N}]/gu;

/** Split text into diff tokens; joining them gives the text back. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Word-level diff of two texts, as runs of equal, inserted and deleted text (adjacent runs merged). */
export function diffWords(before: string, after: string): DiffRun[] {
  const runs: DiffRun[] = [];
  for (const change of diffArrays(tokenize(before), tokenize(after))) {
    const op = change.added ? 'insert' : change.removed ? 'delete' : 'equal';
    const text = change.value.join('');
    const last = runs[runs.length - 1];
    if (last && last.op === op) last.text += text;
    else if (text) runs.push({ op, text });
  }
  return runs;
}
