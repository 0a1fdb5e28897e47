import { describe, expect, it } from 'vitest';
import { linkifyText } from '../client/linkify.js';

const known = (n: number) => (n === 12 || n === 3 ? `/r/rules/amendments/a${n}` : null);

describe('#N in a comment', () => {
  it('links amendments that exist, standing alone, and leaves the rest as text', () => {
    expect(linkifyText('See #12, not #99 or a#3 or ##3; (#3).', known)).toEqual([
      { kind: 'text', text: 'See ' },
      { kind: 'amendment', text: '#12', href: '/r/rules/amendments/a12' },
      { kind: 'text', text: ', not #99 or a#3 or ##3; (' },
      { kind: 'amendment', text: '#3', href: '/r/rules/amendments/a3' },
      { kind: 'text', text: ').' },
    ]);
  });

  it('leaves the fragment of an address inside its link, and #N as text without a way to resolve it', () => {
    expect(linkifyText('https://example.org/page#12 then #3', known)).toEqual([
      { kind: 'link', text: 'https://example.org/page#12', href: 'https://example.org/page#12' },
      { kind: 'text', text: ' then ' },
      { kind: 'amendment', text: '#3', href: '/r/rules/amendments/a3' },
    ]);
    expect(linkifyText('#12 <script>', undefined)).toEqual([{ kind: 'text', text: '#12 <script>' }]);
  });
});
