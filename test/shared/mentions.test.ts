import { describe, expect, it } from 'vitest';
import type { Node } from 'prosemirror-model';
import { Transform } from 'prosemirror-transform';
import { markdownMentions, parseRulebookMarkdown } from '../../shared/doc/markdown.js';
import { applyMentions, articlesByNumber, findMentions, referMentions } from '../../shared/doc/mentions.js';
import { referencesIn } from '../../shared/doc/refs.js';
import { draftView } from '../../shared/doc/view.js';
import { rulebookSchema } from '../../shared/schema.js';

/** A rulebook of three articles (Object, Entries, Jury), the second one's text being `text`. */
function rules(text: string): Node {
  const parsed = parseRulebookMarkdown(`# Rules\n\n## Object\n\nThe contest.\n\n## Entries\n\n${text}\n\n## Jury\n\nFive members.`);
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.doc;
}

const mentionsIn = (text: string) => {
  const doc = rules(text);
  return findMentions(doc, articlesByNumber(doc)).map(({ text: written, n, word, label }) => ({ written, n, word, label }));
};

const idOf = (doc: Node, n: number) => draftView(doc).articles[n - 1]!.id;

describe('mentions of articles by number', () => {
  it('finds "article N" as people write it, in English and French', () => {
    expect(mentionsIn('See article 3, Article 1 and art. 3; Art. 1 too.')).toEqual([
      { written: 'article 3', n: 3, word: 'article', label: '3' },
      { written: 'Article 1', n: 1, word: 'Article', label: '1' },
      { written: 'art. 3', n: 3, word: 'art.', label: '3' },
      { written: 'Art. 1', n: 1, word: 'Art.', label: '1' },
    ]);
    // The article's "l'" stays text, typewriter or typographic apostrophe; spaces may be no-break ones.
    expect(mentionsIn("Voir l'article 3 et l’article\u00a01er, puis l'article premier.")).toEqual([
      { written: 'article 3', n: 3, word: 'article', label: '3' },
      { written: 'article\u00a01er', n: 1, word: 'article', label: '1er' },
      { written: 'article premier', n: 1, word: 'article', label: 'premier' },
    ]);
  });

  it('gives where each mention is, which article it names and the words around it', () => {
    const doc = rules('Entries are sent by post or online, and close as article 3 says, not later than the end of the month.');
    const [mention] = findMentions(doc, articlesByNumber(doc));
    expect(mention).toMatchObject({ target: idOf(doc, 3), excerpt: '…post or online, and close as article 3 says, not later than the end…' });
    expect(doc.textBetween(mention!.from, mention!.to)).toBe('article 3');
  });

  it('offers only numbers the given numbering has, and leaves headings, parts of articles and other texts alone', () => {
    expect(mentionsIn('As article 9 says.')).toEqual([]);
    const doc = rules('Article 2 applies.');
    expect(findMentions(doc, new Map([[1, idOf(doc, 1)]]))).toEqual([]);
    expect(mentionsIn('See article 3.2, article 3 bis, particles 3, sub-article 1 and article 12b.')).toEqual([]);
    expect(mentionsIn("See article 3 du Code civil, Article 1 of the European Convention, l'article 3 de la loi.")).toEqual([]);
    expect(mentionsIn('See article 3 of this code and article 1 du présent code.')).toHaveLength(2);

    const parsed = parseRulebookMarkdown('# Rules\n\n## Exceptions to article 2\n\nNone.\n\n## Other\n\nText.');
    if (!parsed.ok) throw new Error(parsed.message);
    expect(findMentions(parsed.doc, articlesByNumber(parsed.doc))).toEqual([]);
  });

  it('finds each number of a list after "articles", with the word joining it, but not a range', () => {
    expect(mentionsIn('Articles 1 et 3 apply, as do articles 1, 2 and 3.')).toEqual([
      { written: 'Articles 1', n: 1, word: 'Articles', label: '1' },
      { written: 'et 3', n: 3, word: 'et', label: '3' },
      { written: 'articles 1', n: 1, word: 'articles', label: '1' },
      { written: ', 2', n: 2, word: ',', label: '2' },
      { written: 'and 3', n: 3, word: 'and', label: '3' },
    ]);
    // Each reference reads as the words it replaces.
    const listed = referMentions(rules('Articles 1 et 3 apply, as do articles 1, 2 and 3.'));
    expect(referencesIn(listed)).toHaveLength(5);
    expect(draftView(listed).articles[1]!.text).toBe('Articles 1 et 3 apply, as do articles 1, 2 and 3.');
    const doc = rules('See articles 1 et 3.');
    const [first, second] = findMentions(doc, articlesByNumber(doc));
    expect([first!.listFrom, second!.listFrom]).toEqual([first!.from, first!.from]);
    expect(mentionsIn('See articles 2 and 7.')).toEqual([{ written: 'articles 2', n: 2, word: 'articles', label: '2' }]);
    expect(mentionsIn('See articles 1 to 3, articles 1 à 3 and articles 1-3.')).toEqual([]);
  });

  it('turns chosen mentions into references, keeping the marks of the text around', () => {
    const doc = rules('*See* **article 3** *or* article 1.');
    const mentions = findMentions(doc, articlesByNumber(doc));
    const changed = applyMentions(new Transform(doc), mentions.slice(0, 1)).doc;
    const paragraph = draftView(changed).articles[1]!;
    expect(paragraph.text).toBe('See article 3 or article 1.');
    const body = changed.child(2).child(1).toJSON();
    expect(body.content).toEqual([
      { type: 'text', text: 'See', marks: [{ type: 'em' }] },
      { type: 'text', text: ' ' },
      { type: 'article_ref', attrs: { target: idOf(doc, 3), word: 'article', label: '3', n: null }, marks: [{ type: 'strong' }] },
      { type: 'text', text: ' ' },
      { type: 'text', text: 'or', marks: [{ type: 'em' }] },
      { type: 'text', text: ' article 1.' },
    ]);
  });

  it('makes a document whose references follow its articles when they are renumbered', () => {
    const doc = referMentions(rules("Voir l’article\u00a03 et l'article 1er."));
    expect(referencesIn(doc).map((r) => r.target)).toEqual([idOf(doc, 3), idOf(doc, 1)]);
    expect(draftView(doc).articles[1]!.text).toBe("Voir l’article 3 et l'article 1er.");
    // Mentions already made references are not found again.
    expect(referMentions(doc).eq(doc)).toBe(true);

    const { nodes } = rulebookSchema;
    const inserted = nodes.article!.create({ id: 'a-new' }, [nodes.article_title!.create(null, rulebookSchema.text('New')), nodes.paragraph!.create()]);
    const renumbered = new Transform(doc).insert(doc.child(0).nodeSize, inserted).doc;
    expect(draftView(renumbered).articles[2]!.text).toBe("Voir l’article 4 et l'article 2.");
  });

  it('counts the mentions an import of Markdown would turn into references', () => {
    expect(markdownMentions('# Rules\n\n## A\n\nSee article 2, not article 3.\n\n## B\n\nText.').map((m) => m.text)).toEqual(['article 2']);
    expect(markdownMentions('No title: see article 1.')).toEqual([]);
  });
});
