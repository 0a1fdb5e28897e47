import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { attributeTexts, ItemAttribution } from '../server/domain/provenance-items.js';
import { carriedTexts, insertedBetween, joinRanges, stateVector, type ItemText } from '../server/collab/item-ranges.js';

const FALLBACK = 99;
const text = (t: string, client: number, clock: number, block = 1): ItemText => ({ text: t, client, clock, block });

describe('attributing Yjs items to the changes that inserted them', () => {
  it('cuts an item where its sources change, and joins neighbouring runs of one source', () => {
    const attribution = new ItemAttribution([[[1, 0, 5]], [[1, 5, 8], [2, 0, 3]]], () => FALLBACK);
    expect(attributeTexts([text('Hello', 1, 0), text('abc', 1, 5), text('xyz', 2, 0), text('!', 3, 0)], attribution)).toEqual([
      { text: 'Hello', source: 0, block: 1 },
      { text: 'abcxyz', source: 1, block: 1 },
      { text: '!', source: FALLBACK, block: 1 },
    ]);
    // One item spanning two changes and a gap no change covers.
    expect(attributeTexts([text('0123456789', 1, 2)], attribution).map((r) => [r.text, r.source])).toEqual([
      ['012', 0],
      ['345', 1],
      ['6789', FALLBACK],
    ]);
  });

  it('gives items two changes claim to the earlier one', () => {
    const attribution = new ItemAttribution([[[1, 0, 10]], [[1, 0, 10]], [[1, 4, 12]]], () => FALLBACK);
    expect(attributeTexts([text('abcdefghijkl', 1, 0)], attribution).map((r) => [r.text, r.source])).toEqual([
      ['abcdefghij', 0],
      ['kl', 2],
    ]);
  });

  it('follows carried items back to the ones they copy, over several moves', () => {
    const sources = [
      [[1, 0, 6]] as [number, number, number][],
      // Client 2 inserted 6 items copying client 1's; client 3 copied client 2's.
      [[2, 0, 6], [2, 0, 6, 1, 0]] as ([number, number, number] | [number, number, number, number, number])[],
      [[3, 10, 16], [3, 10, 16, 2, 0]] as ([number, number, number] | [number, number, number, number, number])[],
    ];
    const attribution = new ItemAttribution(sources, () => FALLBACK);
    expect(attributeTexts([text('moved!', 3, 10)], attribution)).toEqual([{ text: 'moved!', source: 0, block: 1 }]);
  });

  it('carries the items of a deleted article over to a copy with the same text, and none when the text differs', () => {
    const was = [text('Title', 1, 0, 0), text('Body ', 1, 5), text('text', 4, 0)];
    expect(carriedTexts(was, [text('Title', 7, 0, 0), text('Body text', 7, 5)])).toEqual([
      [7, 0, 5, 1, 0],
      [7, 5, 10, 1, 5],
      [7, 10, 14, 4, 0],
    ]);
    expect(carriedTexts(was, [text('Title', 7, 0, 0), text('Body text!', 7, 5)])).toEqual([]);
  });

  it('reads what a change inserted from the state vectors before and after', () => {
    const doc = new Y.Doc();
    doc.getText('t').insert(0, 'abc');
    const before = stateVector(doc);
    doc.getText('t').insert(3, 'de');
    expect(insertedBetween(before, stateVector(doc))).toEqual([[doc.clientID, 3, 5]]);
    expect(joinRanges([[1, 0, 3]], [[1, 3, 5], [2, 0, 1], [1, 7, 9]])).toEqual([[1, 0, 5], [1, 7, 9], [2, 0, 1]]);
  });
});
