import { describe, expect, it } from 'vitest';
import { parseRulebookMarkdown, stripArticleNumber } from '../../shared/doc/markdown.js';
import { draftView } from '../../shared/doc/view.js';
import { isNodeId } from '../../shared/doc/ids.js';
import { TextLimit } from '../../shared/validation/limits.js';

const parse = (md: string) => {
  const result = parseRulebookMarkdown(md);
  if (!result.ok) throw new Error(result.message);
  return { doc: result.doc, view: draftView(result.doc) };
};

describe('importing rules written in Markdown', () => {
  it('reads the title, the preamble, sections and articles, and numbers articles itself', () => {
    const { view } = parse(`# Règlement du tournoi

Ce règlement s'applique à *toutes* les rencontres.

# Chapitre 1 – Généralités

## Article 1 – Objet

Le tournoi est **ouvert** à tous.

Deuxième alinéa.

## Article 7 : Inscription

- par courrier ;
- en ligne.

# Chapitre 2 – Jeu

## Art. 3. Arbitrage

1. un arbitre ;
2. deux juges.
`);
    expect(view.title).toBe('Règlement du tournoi');
    expect(view.preamble).toBe("Ce règlement s'applique à toutes les rencontres.");
    expect(view.sections.map((s) => [s.title, s.firstArticle])).toEqual([
      ['Chapitre 1 – Généralités', 1],
      ['Chapitre 2 – Jeu', 3],
    ]);
    expect(view.articles.map((a) => [a.number, a.title, a.section])).toEqual([
      [1, 'Objet', 'Chapitre 1 – Généralités'],
      [2, 'Inscription', 'Chapitre 1 – Généralités'],
      [3, 'Arbitrage', 'Chapitre 2 – Jeu'],
    ]);
    expect(view.articles[0]!.text).toBe('Le tournoi est ouvert à tous.\n\nDeuxième alinéa.');
    expect(view.articles[1]!.text).toBe('- par courrier ;\n- en ligne.');
    expect(view.articles[2]!.text).toBe('1. un arbitre ;\n2. deux juges.');
    expect(view.articles.every((a) => isNodeId(a.id))).toBe(true);
    expect(new Set(view.articles.map((a) => a.id)).size).toBe(3);
  });

  it('keeps emphasis and strong marks in the document', () => {
    const { doc } = parse('# T\n\n## A\n\nUn *mot* et un **autre**.');
    const marks: string[] = [];
    doc.descendants((n) => {
      n.marks.forEach((m) => marks.push(`${m.type.name}:${n.text}`));
    });
    expect(marks).toEqual(['em:mot', 'strong:autre']);
  });

  it.each([
    ['Article 1 – Objet', 'Objet'],
    ['Article 12 - Jury', 'Jury'],
    ['Article 3: Prix', 'Prix'],
    ['Article 4. Litiges', 'Litiges'],
    ['ARTICLE 5 — Données', 'Données'],
    ['Article 1er – Définitions', 'Définitions'],
    ['Article premier : Champ', 'Champ'],
    ['Art. 9 – Exclusions', 'Exclusions'],
    ['Article 6', ''],
    ['Articles of faith', 'Articles of faith'],
    ['Calendrier', 'Calendrier'],
  ])('strips the written number of "%s"', (heading, title) => {
    expect(stripArticleNumber(heading)).toBe(title);
  });

  it('gives an article without a body an empty paragraph', () => {
    const { doc, view } = parse('# T\n\n## Empty\n\n## Full\n\nText');
    expect(view.articles.map((a) => a.text)).toEqual(['', 'Text']);
    expect(doc.child(1).childCount).toBe(2);
  });

  it('reports a missing title or a text without articles as a value', () => {
    expect(parseRulebookMarkdown('## A\n\ntext')).toMatchObject({ ok: false, code: 'missing_title' });
    expect(parseRulebookMarkdown('# Title\n\nOnly a preamble')).toMatchObject({ ok: false, code: 'no_articles' });
  });

  it('refuses a title, heading or article over its limit, as a value naming what to shorten', () => {
    const long = (n: number) => 'x'.repeat(n + 1);
    expect(parseRulebookMarkdown(`# ${long(TextLimit.rulebookTitle)}\n\n## A\n\ntext`)).toMatchObject({ ok: false, code: 'title_too_long' });
    expect(parseRulebookMarkdown(`# T\n\n# ${long(TextLimit.sectionTitle)}\n\n## A\n\ntext`)).toMatchObject({ ok: false, code: 'section_title_too_long' });
    expect(parseRulebookMarkdown(`# T\n\n## A\n\ntext\n\n## ${long(TextLimit.articleTitle)}\n\ntext`)).toMatchObject({
      ok: false,
      code: 'article_title_too_long',
      message: expect.stringMatching(/^The title of article 2 \("x{40}…"\) is 301 characters long; the limit is 300\.$/),
    });
    expect(parseRulebookMarkdown(`# T\n\n## A\n\n${long(TextLimit.articleText)}`)).toMatchObject({ ok: false, code: 'article_too_long' });
    expect(parseRulebookMarkdown(`# T\n\n${long(TextLimit.preamble)}\n\n## A\n\ntext`)).toMatchObject({ ok: false, code: 'preamble_too_long' });
    expect(parseRulebookMarkdown(`# ${'x'.repeat(TextLimit.rulebookTitle)}\n\n## ${'y'.repeat(TextLimit.articleTitle)}\n\ntext`).ok).toBe(true);
  });

  it('normalises headings like any title: composed, on one line, without invisible edges', () => {
    const { view } = parse('# \u200BRe\u0300glement\u00A0 du  tournoi\u00A0: 2027\uFEFF\n\n# \u2060\n\n## Article 1 – \u200BObjet\u200B\n\ntext');
    expect(view.title).toBe('Règlement du tournoi\u00A0: 2027');
    expect(view.sections.map((s) => s.title)).toEqual(['']);
    expect(view.articles[0]!.title).toBe('Objet');
    expect(parseRulebookMarkdown('# \u200B\u200C\n\n## A\n\ntext')).toMatchObject({ ok: false, code: 'missing_title' });
  });

  it('reuses the ids it is given for articles whose title matches', () => {
    const kept = new Map([['objet', 'akeptkeptkept']]);
    const result = parseRulebookMarkdown('# T\n\n## Article 1 – OBJET\n\nx\n\n## Article 2 – Objet\n\ny', kept);
    expect(result.ok && draftView(result.doc).articles.map((a) => a.id)[0]).toBe('akeptkeptkept');
    expect(result.ok && draftView(result.doc).articles[1]!.id).not.toBe('akeptkeptkept');
  });
});
