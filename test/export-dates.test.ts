import { describe, expect, it } from 'vitest';
import { formatDate, labelsFor } from '../server/export/typography.js';

describe('dates in the PDFs', () => {
  it('writes the first of the month as an ordinal in French, and plainly in English', () => {
    const first = new Date('2027-01-01T09:30:00Z');
    expect(formatDate(labelsFor('fr'), first)).toBe('1er janvier 2027');
    expect(formatDate(labelsFor('fr'), new Date('2027-01-11T09:30:00Z'))).toBe('11 janvier 2027');
    expect(formatDate(labelsFor('fr'), first, true)).toBe('1er janvier 2027 à 09:30 UTC');
    expect(formatDate(labelsFor('en'), first)).toBe('1 January 2027');
  });
});
