import { describe, expect, it } from 'vitest';
import { diffWords, tokenize } from '../../shared/doc/diff.js';
import { textToBlocks } from '../../shared/doc/text.js';
import { blocksText } from '../../shared/doc/view.js';

describe('word-level diff', () => {
  it('tokenises French text into words, elisions, spaces and punctuation', () => {
    expect(tokenize("l'organisateur « publie » : 1 500 €")).toEqual(["l'", 'organisateur', ' ', '«', ' ', 'publie', ' ', '»', ' ', ':', ' ', '1', ' ', '500', ' ', '€']);
    expect(tokenize('Un\u00a0texte').join('')).toBe('Un\u00a0texte');
  });

  it('shows a changed word, not a changed sentence', () => {
    expect(diffWords("Le jury compte sept membres.", "Le jury compte neuf membres.")).toEqual([
      { op: 'equal', text: 'Le jury compte ' },
      { op: 'delete', text: 'sept' },
      { op: 'insert', text: 'neuf' },
      { op: 'equal', text: ' membres.' },
    ]);
  });

  it("keeps the noun when only the elided article changes", () => {
    expect(diffWords("d'organisateur", "l'organisateur")).toEqual([
      { op: 'delete', text: "d'" },
      { op: 'insert', text: "l'" },
      { op: 'equal', text: 'organisateur' },
    ]);
  });

  it('returns a single equal run for identical texts and handles empty sides', () => {
    expect(diffWords('Même texte.', 'Même texte.')).toEqual([{ op: 'equal', text: 'Même texte.' }]);
    expect(diffWords('', 'Nouveau')).toEqual([{ op: 'insert', text: 'Nouveau' }]);
    expect(diffWords('Ancien', '')).toEqual([{ op: 'delete', text: 'Ancien' }]);
  });
});

describe('article text to blocks', () => {
  it('round-trips paragraphs and lists through the plain-text form', () => {
    const text = 'Premier alinéa.\n\n- un ;\n- deux.\n\n3. trois ;\n4. quatre.\n\nLigne un\nligne deux';
    const blocks = textToBlocks(text);
    expect(blocks.map((b) => b.type.name)).toEqual(['paragraph', 'bullet_list', 'ordered_list', 'paragraph']);
    expect(blocksText(blocks)).toBe(text);
  });

  it('reuses unchanged blocks so their formatting survives', () => {
    const [formatted] = textToBlocks('x');
    const bold = formatted!.type.create(null, formatted!.type.schema.text('Gras', [formatted!.type.schema.marks.strong!.create()]));
    const blocks = textToBlocks('Gras\n\nNouveau', [bold]);
    expect(blocks[0]).toBe(bold);
    expect(blocks[1]!.textContent).toBe('Nouveau');
  });

  it('gives an empty text one empty paragraph', () => {
    expect(textToBlocks('  \n\n ').map((b) => b.type.name)).toEqual(['paragraph']);
  });
});
