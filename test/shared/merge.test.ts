import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeWhole, mergeWords } from '../../shared/doc/merge.js';

const base = 'Le prix est doté de 1 500 €. Le jury compte sept membres. Les candidats doivent résider en Belgique.';

describe('three-way word merge', () => {
  it('keeps both sides’ changes when they touch different words', () => {
    const ours = base.replace('1 500 €', '2 000 €');
    const theirs = base.replace('sept', 'neuf');
    expect(mergeWords(base, ours, theirs)).toEqual({
      text: 'Le prix est doté de 2 000 €. Le jury compte neuf membres. Les candidats doivent résider en Belgique.',
      conflicts: [],
    });
  });

  it('reports words both sides changed differently, keeping ours in place and marking the span', () => {
    const ours = base.replace('1 500 €', '2 000 €').replace('résider en Belgique', 'résider en Europe');
    const theirs = base.replace('1 500 €', '3 000 €');
    const merged = mergeWords(base, ours, theirs);
    expect(merged.text).toBe(ours);
    expect(merged.conflicts).toEqual([{ base: '1 500 €', ours: '2 000 €', theirs: '3 000 €', start: 20, end: 27 }]);
    expect(merged.text.slice(merged.conflicts[0]!.start, merged.conflicts[0]!.end)).toBe('2 000 €');
  });

  it('takes a number as one token: changing its thousands and its units on two sides conflicts', () => {
    const merged = mergeWords('1 500', '2 500', '1 600');
    expect(merged.conflicts).toHaveLength(1);
    expect(merged.text).toBe('2 500');
  });

  it('keeps an identical change made on both sides once', () => {
    const both = base.replace('sept', 'neuf');
    expect(mergeWords(base, both, both)).toEqual({ text: both, conflicts: [] });
  });

  it('merges an insertion at the end with an edit at the start', () => {
    const merged = mergeWords('Rule one.', 'Organiser edit. Rule one.', 'Rule one. Proposed ending.');
    expect(merged).toEqual({ text: 'Organiser edit. Rule one. Proposed ending.', conflicts: [] });
  });
});

describe('large articles', () => {
  const paragraph = 'Les candidats doivent résider en Belgique et exercer leur activité depuis un an au moins. ';
  const article = paragraph.repeat(1100); // about 100 000 characters

  it('merges edits at both ends of a 100 000-character article quickly', () => {
    const ours = `Préambule. ${article}`;
    const theirs = `${article}Fin.`;
    const started = performance.now();
    expect(mergeWords(article, ours, theirs)).toEqual({ text: `Préambule. ${article}Fin.`, conflicts: [] });
    expect(performance.now() - started).toBeLessThan(5000);
  });

  it('asks a person when both sides rewrote more than a thousand words, keeping ours', () => {
    const ours = article.replaceAll('Belgique', 'Europe');
    const theirs = article.replaceAll('un an', 'deux ans');
    const started = performance.now();
    const merged = mergeWords(article, ours, theirs);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(merged).toEqual({ text: ours, conflicts: [{ base: article, ours, theirs, start: 0, end: ours.length }] });
  });
});

describe('three-way merge of a title', () => {
  it('takes the one side that changed, a shared change once, and reports two different changes', () => {
    expect(mergeWhole('Prix', 'Prix', 'Dotation')).toEqual({ text: 'Dotation', conflicts: [] });
    expect(mergeWhole('Prix', 'Récompense', 'Prix')).toEqual({ text: 'Récompense', conflicts: [] });
    expect(mergeWhole('Prix', 'Dotation', 'Dotation')).toEqual({ text: 'Dotation', conflicts: [] });
    expect(mergeWhole('Prix', 'Récompense', 'Dotation')).toEqual({ text: 'Récompense', conflicts: [{ base: 'Prix', ours: 'Récompense', theirs: 'Dotation', start: 0, end: 10 }] });
  });
});

/** Short French-looking texts built from a small vocabulary, so that random edits often touch the same words. */
const words = fc.constantFrom('le', 'jury', 'prix', '1 500 €', '2 000', 'candidat', 'résider', 'Belgique', 'sept', "l'", 'membres');
const seps = fc.constantFrom(' ', ', ', '. ', '\n\n', ' « ', ' » ');
const text = fc.array(fc.tuple(words, seps), { maxLength: 24 }).map((parts) => parts.map(([w, s]) => w + s).join(''));

describe('merge properties', () => {
  it('with no change on our side, yields theirs', () => {
    fc.assert(
      fc.property(text, text, (b, theirs) => {
        expect(mergeWords(b, b, theirs)).toEqual({ text: theirs, conflicts: [] });
      }),
    );
  });

  it('with no change on their side, yields ours', () => {
    fc.assert(
      fc.property(text, text, (b, ours) => {
        expect(mergeWords(b, ours, b)).toEqual({ text: ours, conflicts: [] });
      }),
    );
  });

  it('with the same change on both sides, yields it once', () => {
    fc.assert(
      fc.property(text, text, (b, both) => {
        expect(mergeWords(b, both, both)).toEqual({ text: both, conflicts: [] });
      }),
    );
  });

  it('keeps ours in every conflicting span, and merges cleanly the same way whichever side is ours', () => {
    fc.assert(
      fc.property(text, text, text, (b, ours, theirs) => {
        const merged = mergeWords(b, ours, theirs);
        for (const c of merged.conflicts) expect(merged.text.slice(c.start, c.end)).toBe(c.ours);
        const swapped = mergeWords(b, theirs, ours);
        expect(swapped.conflicts.length > 0).toBe(merged.conflicts.length > 0);
        if (merged.conflicts.length === 0) expect(swapped.text).toBe(merged.text);
      }),
    );
  });
});
