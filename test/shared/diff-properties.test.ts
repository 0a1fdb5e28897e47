import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { diffWords, tokenize } from '../../shared/doc/diff.js';
import type { DiffRun } from '../../shared/validation/diff.js';

/** Pieces of French rulebook text: words, function words, elisions, numbers and dates with their spaces, punctuation, breaks. */
const piece = fc.constantFrom(
  'le ', 'la ', 'les ', 'un ', 'une ', 'de ', 'à ', 'et ', 'son ', "l'", 'd’', 'qu’',
  'jury ', 'prix ', 'lauréat ', 'exercer ', 'animer ', 'activité ', 'communauté ', 'commune ', 'Belgique ', 'résider ',
  '1 500 ', '2\u00a0000 €', '1\u202f500\u00a0€ ', '10,5 %', '1er ', '12 mars 2027', '2027-03-12 ', '12/03/2027', '3 ',
  ', ', '. ', ' ; ', ' : ', '« ', ' »', '(', ')', '-', ' ', '\u00a0', '\n', '\n\n', '- ',
);
const text = fc.array(piece, { maxLength: 40 }).map((pieces) => pieces.join(''));
/** A text and an edit of it: each piece kept, dropped, replaced or preceded by another, as an author rewording it would. */
const edit = fc.array(piece, { maxLength: 40 }).chain((pieces) =>
  fc
    .array(fc.oneof({ arbitrary: fc.constant<'keep' | 'drop'>('keep'), weight: 4 }, { arbitrary: fc.constant<'keep' | 'drop'>('drop'), weight: 1 }, piece), { minLength: pieces.length, maxLength: pieces.length })
    .chain((edits) =>
      fc.array(fc.boolean(), { minLength: pieces.length, maxLength: pieces.length }).map((insertBefore) => [
        pieces.join(''),
        pieces.map((p, i) => (edits[i] === 'keep' ? p : edits[i] === 'drop' ? '' : insertBefore[i] ? edits[i] + p : edits[i])).join(''),
      ]),
    ),
);
/** Any two texts, related or not: edits of French text, unrelated French texts, arbitrary Unicode. */
const pair = fc.oneof(edit, fc.tuple(text, text), fc.tuple(fc.string({ unit: 'grapheme', maxLength: 60 }), fc.string({ unit: 'grapheme', maxLength: 60 })));

const keep = (runs: DiffRun[], dropped: DiffRun['op']) => runs.filter((r) => r.op !== dropped).map((r) => r.text).join('');
const GLUE_ONLY = /^[ \u00a0\u202f,]*$/u;

describe('phrase-level diff, for any two texts', () => {
  it('tokenises any string into tokens that join back into it', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (s) => tokenize(s).join('') === s));
  });

  it('gives back the newer text from its insertions and the older one from its deletions, whatever the grouping', () => {
    fc.assert(
      fc.property(pair, ([from, to]) => {
        const runs = diffWords(from!, to!);
        expect(keep(runs, 'delete')).toBe(to);
        expect(keep(runs, 'insert')).toBe(from);
      }),
      { numRuns: 500 },
    );
  });

  it('has no empty run, no two neighbours alike, and a deletion always before the insertion that replaces it', () => {
    fc.assert(
      fc.property(pair, ([from, to]) => {
        const runs = diffWords(from!, to!);
        runs.forEach((run, i) => {
          expect(run.text).not.toBe('');
          if (i > 0) expect(run.op).not.toBe(runs[i - 1]!.op);
          if (i > 0 && run.op === 'delete') expect(runs[i - 1]!.op).not.toBe('insert');
        });
      }),
      { numRuns: 500 },
    );
  });

  it('never alternates deletions and insertions around a bare space or comma', () => {
    fc.assert(
      fc.property(pair, ([from, to]) => {
        const runs = diffWords(from!, to!);
        for (let i = 1; i + 1 < runs.length; i++) {
          const [a, glue, b] = [runs[i - 1]!, runs[i]!, runs[i + 1]!];
          if (glue.op === 'equal' && a.op !== 'equal' && b.op !== 'equal' && a.op !== b.op) expect(glue.text).not.toMatch(GLUE_ONLY);
        }
      }),
      { numRuns: 500 },
    );
  });

  it('reports identical texts as one unchanged run', () => {
    fc.assert(
      fc.property(text, (s) => {
        expect(diffWords(s, s)).toEqual(s ? [{ op: 'equal', text: s }] : []);
      }),
    );
  });

  it('tokenises long runs of digits, groups and decimals in linear time', () => {
    const started = performance.now();
    for (const s of ['1 000'.repeat(20_000), '1.1'.repeat(30_000) + 'x', '9'.repeat(100_000) + 'x', '12 mars '.repeat(10_000)]) {
      expect(tokenize(s).join('')).toBe(s);
    }
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});
