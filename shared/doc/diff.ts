import { diffArrays } from 'diff';
import type { DiffRun } from '../validation/diff.js';

/** The spaces that may sit inside a number or a date: normal, no-break, narrow no-break and thin. */
const SPACE = '[ \\u00a0\\u202f\\u2009]';
const END = '(?![\\p{L}\\p{M}\\p{N}])';
/** Month names, French and English, capitalised or not. */
const MONTH = 'janvier février fevrier mars avril mai juin juillet août aout septembre octobre novembre décembre decembre january february march april may june july august september october november december'
  .split(' ')
  .map((month) => `[${month[0]!.toUpperCase()}${month[0]}]${month.slice(1)}`)
  .join('|');
const DAY = '\\p{N}{1,2}(?:er|st|nd|rd|th)?';
const YEAR = `${SPACE}\\p{N}{4}`;
/** Dates starting with a digit: `2027-03-12`, `12/03/2027`, `12.03.27`, `12 mars 2027`, `1er mai`. */
const DIGIT_DATE = ['\\p{N}{4}-\\p{N}{2}-\\p{N}{2}', '\\p{N}{1,2}[/.]\\p{N}{1,2}[/.]\\p{N}{2,4}', `${DAY}${SPACE}(?:${MONTH})(?:${YEAR})?`]
  .map((date) => `(?:${date})${END}`)
  .join('|');
/** Dates starting with a word: `premier mai 2027`, `March 12, 2027`. */
const WORD_DATE = [`premier${SPACE}(?:${MONTH})(?:${YEAR})?`, `(?:${MONTH})${SPACE}${DAY}(?:,?${YEAR})?`].map((date) => `(?:${date})${END}`).join('|');
/** `1 500`, `2 000 €`, `10,5 %`, `1 500,50`: digits grouped by threes with any space, a decimal part, a unit. */
const NUMBER = `(?:\\p{N}{1,3}(?:${SPACE}\\p{N}{3})+(?!\\p{N})(?:[.,]\\p{N}+)?|\\p{N}+(?:[.,]\\p{N}+)*)(?:${SPACE}?[%‰€$£])?${END}`;

/**
 * Dates and numbers whole (with their inner spaces and unit), words (letters with their accents and digits, so
 * `1er` is one), an elided article kept with its apostrophe (`l'`, `qu’`), runs of whitespace and single
 * punctuation marks such as `«`, `»`, `:`, so French text diffs at the level a reader expects. The lookaheads
 * spare the date and number patterns where they cannot match, which keeps tokenising about as fast as words alone.
 */
const TOKEN = new RegExp(
  `(?=\\p{N})(?:${DIGIT_DATE}|${NUMBER})|(?=[pjfmasondPJFMASOND])(?:${WORD_DATE})|[\\p{L}\\p{M}]+['’](?=\\p{L})|[\\p{L}\\p{M}\\p{N}]+(?:[.,]\\p{N}+)*|\\s+|[^\\s\\p{L}\\p{M}\\p{N}]`,
  'gu',
);

/** Split text into diff tokens; joining them gives the text back. */
export function tokenize(text: string): string[] {
  return text.match(TOKEN) ?? [];
}

/** Articles, prepositions, conjunctions and possessives (French and English) a reader reads through between two changes. */
const FUNCTION_WORDS = new Set(
  (
    "le la les l' un une des du de d' à au aux et ou en par pour sur dans avec sans son sa ses leur leurs ce cet cette ces " +
    "qui que qu' se s' ne n' y a an the of to in on at by for and or its their his her this that"
  ).split(' '),
);
const INLINE_SPACE = /^[^\S\n\r]+$/u;
const JOINING_MARK = /^[,'’\-–]$/u;

/**
 * Whether unchanged tokens between two changes are short enough to read through: spaces within a line, commas,
 * apostrophes or hyphens, and at most one function word. Sentence and line breaks always separate phrases.
 */
function isGlue(tokens: readonly string[]): boolean {
  let words = 0;
  for (const token of tokens) {
    if (INLINE_SPACE.test(token) || JOINING_MARK.test(token)) continue;
    if (words++ === 0 && FUNCTION_WORDS.has(token.toLowerCase().replace('’', "'"))) continue;
    return false;
  }
  return true;
}

/** Most tokens a diff compares one by one; beyond, the change is shown as one replaced passage. */
export const MAX_EDIT_TOKENS = 4000;

/** A run of tokens in a phrase diff: kept, inserted or deleted. */
export interface TokenRun {
  op: DiffRun['op'];
  tokens: string[];
}

/** Append tokens as a run, merged into the last one when they have the same op; no tokens add nothing. */
function push(runs: TokenRun[], op: DiffRun['op'], tokens: string[]): void {
  if (!tokens.length) return;
  const last = runs[runs.length - 1];
  if (last && last.op === op) last.tokens.push(...tokens);
  else runs.push({ op, tokens: [...tokens] });
}

/**
 * Emit a phrase (changes with the glue between them) as the old wording deleted then the new one inserted, tokens
 * common to both ends kept as equal. A phrase that only deletes (or only inserts) stays as it is unless its glue
 * is one of those common ends, so no bare space or comma ever shows as inserted or deleted.
 */
function pushPhrase(runs: TokenRun[], phrase: readonly TokenRun[]): void {
  const before = phrase.filter((s) => s.op !== 'insert').flatMap((s) => s.tokens);
  const after = phrase.filter((s) => s.op !== 'delete').flatMap((s) => s.tokens);
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const deleted = before.slice(start, before.length - end);
  const inserted = after.slice(start, after.length - end);
  const replaces = phrase.some((s) => s.op === 'delete') && phrase.some((s) => s.op === 'insert');
  if (!replaces && deleted.length && inserted.length) {
    for (const s of phrase) push(runs, s.op, s.tokens);
    return;
  }
  push(runs, 'equal', before.slice(0, start));
  push(runs, 'delete', deleted);
  push(runs, 'insert', inserted);
  push(runs, 'equal', before.slice(before.length - end));
}

/**
 * Phrase-level diff of two token sequences (`glue` gives a token's text, to tell the glue between two changes).
 * Tokens are compared one by one, then changes separated only by glue (a space, a comma, one article or other
 * function word) are read as one phrase: the old phrase deleted, then the new one inserted, rather than
 * alternating words. Runs of the same op are merged.
 */
export function diffTokens(from: string[], to: string[], glue: (token: string) => string = (t) => t): TokenRun[] {
  // Past MAX_EDIT_TOKENS changed tokens a word-by-word reading helps nobody and the search grows as N × D: the
  // sequences are then shown as one replaced passage (their common start and end kept).
  const changes = diffArrays(from, to, { maxEditLength: MAX_EDIT_TOKENS });
  const segments: TokenRun[] = changes
    ? changes.map((change) => ({ op: change.added ? 'insert' : change.removed ? 'delete' : 'equal', tokens: change.value }))
    : [{ op: 'delete', tokens: from }, { op: 'insert', tokens: to }];
  const runs: TokenRun[] = [];
  let i = 0;
  while (i < segments.length) {
    if (segments[i]!.op === 'equal') {
      push(runs, 'equal', segments[i++]!.tokens);
      continue;
    }
    let end = i + 1;
    for (;;) {
      const next = segments[end];
      if (next && next.op !== 'equal') end++;
      else if (next && segments[end + 1] && isGlue(next.tokens.map(glue))) end += 2;
      else break;
    }
    pushPhrase(runs, segments.slice(i, end));
    i = end;
  }
  return runs;
}

/** Phrase-level diff of two texts (see `diffTokens`), as runs of equal, inserted and deleted text. */
export function diffWords(before: string, after: string): DiffRun[] {
  return diffTokens(tokenize(before), tokenize(after)).map((run) => ({ op: run.op, text: run.tokens.join('') }));
}
