import { describe, expect, it } from 'vitest';
import { diffWords, tokenize } from '../../shared/doc/diff.js';
import { textToBlocks } from '../../shared/doc/text.js';
import { blocksText } from '../../shared/doc/view.js';

/** The changed runs of a diff, as `-old` and `+new`. */
const changes = (before: string, after: string) => diffWords(before, after).filter((r) => r.op !== 'equal').map((r) => `${r.op === 'insert' ? '+' : '-'}${r.text}`);

describe('tokens', () => {
  it('tokenises French text into words, elisions, spaces and punctuation, numbers whole', () => {
    expect(tokenize("l'organisateur « publie » : 1 500 €")).toEqual(["l'", 'organisateur', ' ', '«', ' ', 'publie', ' ', '»', ' ', ':', ' ', '1 500 €']);
    expect(tokenize('Un\u00a0texte').join('')).toBe('Un\u00a0texte');
  });

  it('keeps numbers with their normal, no-break, narrow or thin spaces, decimals and unit as one token', () => {
    for (const number of ['1 500', '2\u00a0000', '2\u202f000\u00a0€', '1\u2009234\u2009567', '10,5 %', '10,5\u202f%', '1 500,50 €', '3.14', '1er', '2e', '12 000 000']) {
      expect(tokenize(`soit ${number} pour`), number).toEqual(['soit', ' ', number, ' ', 'pour']);
    }
  });

  it('keeps dates as one token, in words or in figures', () => {
    for (const date of ['12 mars 2027', '1er janvier', '12\u00a0décembre\u00a02027', 'premier mai 2027', 'Mars 12, 2027', 'March 12, 2027', '2027-03-12', '12/03/2027', '12.03.27']) {
      expect(tokenize(`le ${date} à`), date).toEqual(['le', ' ', date, ' ', 'à']);
    }
  });

  it('does not glue words or other numbers to a number', () => {
    expect(tokenize('12 maisons')).toEqual(['12', ' ', 'maisons']);
    expect(tokenize('en 2027 150 places')).toEqual(['en', ' ', '2027', ' ', '150', ' ', 'places']);
    expect(tokenize('1 5000')).toEqual(['1', ' ', '5000']);
    expect(tokenize('Article 3.\n\n4 mai')).toEqual(['Article', ' ', '3', '.', '\n\n', '4 mai']);
  });
});

describe('phrase-level diff', () => {
  it('shows a rephrased passage as one deletion followed by one insertion', () => {
    expect(
      diffWords(
        "Le lauréat s'engage à exercer son activité dans la commune pendant un an.",
        "Le lauréat s'engage à animer une communauté dans la commune pendant un an.",
      ),
    ).toEqual([
      { op: 'equal', text: "Le lauréat s'engage à " },
      { op: 'delete', text: 'exercer son activité' },
      { op: 'insert', text: 'animer une communauté' },
      { op: 'equal', text: ' dans la commune pendant un an.' },
    ]);
  });

  it('shows a changed amount as one deletion and one insertion, whatever spaces group its digits', () => {
    expect(diffWords('Le premier prix est doté de 1 500 euros.', 'Le premier prix est doté de 2 000 euros.')).toEqual([
      { op: 'equal', text: 'Le premier prix est doté de ' },
      { op: 'delete', text: '1 500' },
      { op: 'insert', text: '2 000' },
      { op: 'equal', text: ' euros.' },
    ]);
    expect(changes('Dotation : 1\u202f500\u00a0€.', 'Dotation : 2\u202f000\u00a0€.')).toEqual(['-1\u202f500\u00a0€', '+2\u202f000\u00a0€']);
    expect(changes('un taux de 10,5 %', 'un taux de 12 %')).toEqual(['-10,5 %', '+12 %']);
  });

  it('reads through a comma and an article, not through a sentence or a line', () => {
    expect(changes('Il reçoit un trophée, une médaille et un diplôme.', 'Il reçoit un chèque, une plaque et un diplôme.')).toEqual(['-trophée, une médaille', '+chèque, une plaque']);
    expect(changes('La remise a lieu le 12 mars 2027 à Namur.', 'La remise se tient le 3 avril 2027 à Liège.')).toEqual([
      '-a lieu le 12 mars 2027 à Namur',
      '+se tient le 3 avril 2027 à Liège',
    ]);
    expect(changes('Les inscriptions closent en mai. Le jury délibère.', 'Les inscriptions closent en avril. Le comité délibère.')).toEqual(['-mai', '+avril', '-jury', '+comité']);
    expect(changes('sept membres\nhuit suppléants', 'neuf membres\ndix suppléants')).toEqual(['-sept', '+neuf', '-huit', '+dix']);
  });

  it('keeps separate changes apart when more than a function word lies between them', () => {
    expect(changes('Le candidat doit résider en Belgique depuis deux ans.', 'Le candidat doit être domicilié en Belgique depuis trois ans.')).toEqual([
      '-résider',
      '+être domicilié',
      '-deux',
      '+trois',
    ]);
  });

  it('shows a changed word, not a changed sentence', () => {
    expect(diffWords('Le jury compte sept membres.', 'Le jury compte neuf membres.')).toEqual([
      { op: 'equal', text: 'Le jury compte ' },
      { op: 'delete', text: 'sept' },
      { op: 'insert', text: 'neuf' },
      { op: 'equal', text: ' membres.' },
    ]);
  });

  it('shows a pure insertion or deletion as one run, never a bare space or comma', () => {
    expect(changes('Le jury délibère.', 'Le jury délibère en public, à huis clos si besoin.')).toEqual(['+ en public, à huis clos si besoin']);
    expect(changes('Le jury, composé de sept membres, délibère.', 'Le jury délibère.')).toEqual(['-, composé de sept membres,']);
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
    expect(diffWords('', '')).toEqual([]);
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

describe('bounded work', () => {
  it('shows two long, entirely different texts as one replaced passage, quickly', () => {
    const words = (seed: string) => Array.from({ length: 20_000 }, (_, i) => `${seed}${i.toString(36)}`).join(' ');
    const before = `Préambule. ${words('a')} Fin.`;
    const after = `Préambule. ${words('b')} Fin.`;
    const started = performance.now();
    const runs = diffWords(before, after);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(runs.map((r) => r.op)).toEqual(['equal', 'delete', 'insert', 'equal']);
    expect(runs[0]!.text).toBe('Préambule. ');
    expect(runs.filter((r) => r.op !== 'insert').map((r) => r.text).join('')).toBe(before);
    expect(runs.filter((r) => r.op !== 'delete').map((r) => r.text).join('')).toBe(after);
  });
});
