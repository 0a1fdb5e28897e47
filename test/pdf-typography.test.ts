import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { parseRulebookMarkdown } from '../shared/doc/markdown.js';
import { draftFragment, writeDraftDoc } from '../shared/doc/ydoc.js';
import { renderJob, type RenderJob } from '../server/export/render-task.js';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { pdfLines, pdfPages, pdfRuns, pdfStructure } from './helpers/pdf-text.js';

const RULES = `# Règlement du prix

Le présent règlement s'applique au prix "Community Manager de l'Année".

# Chapitre 1 – Candidatures

## Article 1 – Éligibilité

Peut concourir toute personne exerçant le métier de **Community Manager** au sein d'une *association* ou d'une entreprise, avant le 1er septembre et pour la 2e fois au plus.

Le dossier comprend :

- une **lettre** de motivation ;
- un *portfolio* des réalisations.

## Article 2 – Jury

Le jury délibère à huis clos. Sa décision n'est pas susceptible d'appel.
`;

/** Render a rulebook written in Markdown as the server does: from its Yjs state, in a worker's code path. */
async function render(markdown: string, language = 'fr'): Promise<Uint8Array> {
  const parsed = parseRulebookMarkdown(markdown);
  if (!parsed.ok) throw new Error(parsed.message);
  const ydoc = new Y.Doc();
  writeDraftDoc(ydoc, parsed.doc, null);
  const job: RenderJob = {
    kind: 'rulebook',
    source: { view: null, state: Y.encodeStateAsUpdate(ydoc) },
    input: { language, version: '1.0', status: 'official', date: new Date('2027-01-15T10:00:00Z'), modified: null, publisher: 'Bureau', notes: null, changes: null },
  };
  const result = await renderJob(job);
  if (!result.ok) throw new Error(result.code);
  return result.pdf;
}

/** A rulebook's Yjs state from Markdown; its articles take the ids given, in order (the same articles in two versions). */
function stateOf(markdown: string, ids: string[] = []): { state: Uint8Array; ids: string[] } {
  const parsed = parseRulebookMarkdown(markdown);
  if (!parsed.ok) throw new Error(parsed.message);
  const ydoc = new Y.Doc();
  writeDraftDoc(ydoc, parsed.doc, null);
  const articles = draftFragment(ydoc).toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === 'article');
  articles.forEach((el, i) => ids[i] && el.setAttribute('id', ids[i]));
  return { state: Y.encodeStateAsUpdate(ydoc), ids: articles.map((el) => el.getAttribute('id') as string) };
}

const REDLINE_FROM = `# Règlement du prix

Le **bureau** organise le prix.

## Article 1 – Éligibilité

Peut concourir toute personne exerçant le métier de **Community Manager** au sein d'une *association*.

## Article 2 – Jury

Le jury délibère à huis clos avec un **président** désigné.

## Article 3 – Remise

Le prix est remis en *décembre*.

## Article 4 – Dotation

Le lauréat reçoit :

- un **trophée** ;
- une *dotation*.
`;

const REDLINE_TO = REDLINE_FROM.replace("d'une *association*.", "d'une *fédération* ou d'une **entreprise**.")
  .replace('à huis clos', 'en séance')
  .replace('- une *dotation*.', '- une *dotation* de 500 euros.');

describe('typography of a published regulation', () => {
  it('keeps bold and italic in a redline: deleted text in the older faces, kept and inserted text in the newer ones', async () => {
    const older = stateOf(REDLINE_FROM);
    const newer = stateOf(REDLINE_TO, older.ids);
    const side = (version: string, state: Uint8Array) => ({ version, date: new Date('2027-01-15T10:00:00Z'), source: { view: null, state } });
    const result = await renderJob({ kind: 'redline', language: 'fr', publisher: 'Bureau', from: side('1.0', older.state), to: side('draft', newer.state) });
    if (!result.ok) throw new Error(result.code);
    const runs = (await pdfRuns(result.pdf)).flat();
    const faceOf = (text: string) => runs.find((r) => r.str.includes(text))?.font ?? '';
    expect(faceOf('Community Manager')).toMatch(/SourceSerif4.*Bold/); // kept
    expect(faceOf('association')).toMatch(/SourceSerif4.*Italic/); // deleted
    expect(faceOf('fédération')).toMatch(/SourceSerif4.*Italic/); // inserted
    expect(faceOf('entreprise')).toMatch(/SourceSerif4.*Bold/); // inserted
    expect(faceOf('président')).toMatch(/SourceSerif4.*Bold/); // kept, in an article with a deletion
    expect(faceOf('décembre')).toMatch(/SourceSerif4.*Italic/); // an unchanged article
    expect(faceOf('bureau')).toMatch(/SourceSerif4.*Bold/); // the unchanged preamble
    expect(faceOf('trophée')).toMatch(/SourceSerif4.*Bold/); // a list item, in an article with an insertion
    expect(faceOf('dotation')).toMatch(/SourceSerif4.*Italic/);
    expect(runs.filter((r) => r.str.trim() === '•')).toHaveLength(2);
    expect(faceOf('Peut concourir')).toMatch(/SourceSerif4-Regular/);
    expect(faceOf('huis clos')).toMatch(/SourceSerif4-Regular/);
  });


  it('sets bold and italic runs in the bold and italic faces, lists with their bullets', async () => {
    const runs = (await pdfRuns(await render(RULES))).flat();
    const faceOf = (text: string) => runs.find((r) => r.str.trim() === text)?.font ?? '';
    expect(faceOf('Community Manager')).toMatch(/SourceSerif4.*Bold/);
    expect(faceOf('association')).toMatch(/SourceSerif4.*Italic/);
    expect(faceOf('lettre')).toMatch(/Bold/);
    expect(faceOf('portfolio')).toMatch(/Italic/);
    expect(runs.find((r) => r.str.startsWith('Peut concourir'))?.font).toMatch(/SourceSerif4-Regular/);
    expect(runs.filter((r) => r.str.trim() === '•')).toHaveLength(2);
  });

  it('uses typographic apostrophes and quotes, French guillemets and superscript ordinals', async () => {
    const text = (await pdfPages(await render(RULES))).join(' ');
    expect(text).toContain('s’applique au prix « Community Manager de l’Année »');
    expect(text).toContain('n’est pas susceptible');
    expect(text).not.toMatch(/[a-z]'[a-z]/);
    const runs = (await pdfRuns(await render(RULES))).flat();
    const er = runs.find((r) => r.str.startsWith('er') && r.size < 9)!;
    const body = runs.find((r) => r.str.includes('Peut concourir'))!;
    expect(er.size).toBeLessThan(body.size * 0.7);

    const english = (await pdfPages(await render(`# Rules\n\nThe board's "final" word.\n\n## Article 1 – Scope\n\nIt's 'here'.\n`, 'en'))).join(' ');
    expect(english).toContain('The board’s “final” word.');
    expect(english).toContain('It’s ‘here’.');
  });

  it('hyphenates words at line ends in a narrow column', async () => {
    // Long French words in a long paragraph: justified lines end with hyphenated words.
    const paragraph = Array.from({ length: 12 }, () => 'Les réglementations administratives internationales sont systématiquement communiquées aux établissements organisateurs.').join(' ');
    const lines = (await pdfLines(await render(`# Règlement\n\n## Article 1 – Texte\n\n${paragraph}\n`))).flat().map((l) => l.text.trim());
    const hyphenated = lines.filter((l) => /\p{L}-$/u.test(l));
    expect(hyphenated.length).toBeGreaterThan(0);
    // Each hyphen ends a line with the start of a word whose rest begins the next line.
    for (const line of hyphenated) {
      const next = lines[lines.indexOf(line) + 1]!;
      const word = /(\p{L}+)-$/u.exec(line)![1]! + /^\p{L}+/u.exec(next)![0];
      expect(paragraph).toContain(word);
    }
  });

  it('leaves no page of the body with fewer than three lines, however the articles fall', async () => {
    for (let words = 30; words <= 100; words += 7) {
      const article = (i: number) => `## Article ${i} – Règle ${i}\n\n${Array.from({ length: words }, (_, w) => `mot${w}`).join(' ')}.\n\nDeuxième alinéa de l’article ${i}, assez long pour tenir sur deux lignes au moins dans la colonne du texte courant.\n`;
      const pdf = await render(`# Règlement\n\n${Array.from({ length: 24 }, (_, i) => article(i + 1)).join('\n')}`);
      const pages = await pdfLines(pdf);
      // Body lines: between the running header (y > 770) and the footer (y < 60); the cover and contents pages aside.
      const body = pages.map((lines) => lines.filter((l) => l.y < 770 && l.y > 60).length);
      const first = pages.findIndex((lines) => lines.some((l) => /^Article 1 – Règle 1$/.test(l.text.trim())));
      for (const [p, count] of body.entries()) if (p >= first) expect({ words, page: p + 1, count: count >= 3 }).toEqual({ words, page: p + 1, count: true });
    }
  }, 60_000);

  it('is a tagged PDF: language, headings, paragraphs, lists and contents in reading order, page furniture as artifacts', async () => {
    const pdf = await render(RULES);
    const structure = await pdfStructure(pdf);
    expect(structure.tagged).toBe(true);
    expect(structure.language).toBe('fr');
    expect(structure.roles).toEqual(['H1', 'H2', 'H3', 'L', 'LBody', 'LI', 'Lbl', 'P', 'TOC', 'TOCI']);
    const order = structure.pages.flat();
    // Cover, contents, preamble, chapter, article 1 with its list of two items, article 2.
    const expected = ['H1', 'H2', 'TOC', 'TOC > TOCI', 'H2', 'P', 'H2', 'H3', 'P', 'P', 'L', 'L > LI', 'L > LI > Lbl', 'L > LI > LBody', 'L > LI', 'L > LI > Lbl', 'L > LI > LBody', 'H3', 'P'];
    let at = -1;
    for (const role of expected) {
      at = order.indexOf(role, at + 1);
      expect({ role, found: at >= 0 }).toEqual({ role, found: true });
    }
    // Two items, each a label (its bullet) and a body (its text).
    expect(order.filter((r) => r === 'L > LI')).toHaveLength(2);
    expect(order.filter((r) => r.startsWith('L > LI > LBody'))).toHaveLength(2);

    // The running header and footer are artifacts: outside the structure, skipped by screen readers.
    const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
    try {
      const doc = await task.promise;
      const { items } = await (await doc.getPage(doc.numPages)).getTextContent({ includeMarkedContent: true });
      const open: string[] = [];
      const inside = new Map<string, string>();
      for (const item of items) {
        if ('type' in item && item.type.startsWith('beginMarkedContent')) open.push((item as { tag?: string }).tag ?? '');
        else if ('type' in item && item.type === 'endMarkedContent') open.pop();
        else if ('str' in item && item.str.trim()) inside.set(item.str.trim(), open[open.length - 1] ?? 'none');
      }
      expect(inside.get(`page ${doc.numPages} / ${doc.numPages}`)).toBe('Artifact');
      expect(inside.get('Version 1.0')).toBe('Artifact');
      expect([...inside.entries()].find(([text]) => text.startsWith('Le jury'))?.[1]).toBe('P');
    } finally {
      await task.destroy();
    }
  });

  it('declares PDF/A-2a: XMP identification and well-formed metadata, sRGB output intent, PDF 1.7', async () => {
    const pdf = await render(RULES.replace('# Règlement du prix', '# Règlement <2027> du prix A & B'));
    const bytes = Buffer.from(pdf).toString('latin1');
    expect(bytes.startsWith('%PDF-1.7')).toBe(true);
    expect(bytes).toContain('<pdfaid:part>2</pdfaid:part>');
    expect(bytes).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(bytes).toMatch(/\/OutputIntents \[\d+ 0 R\]/);
    expect(bytes).toContain('/S /GTS_PDFA1');
    const task = getDocument({ data: new Uint8Array(pdf), verbosity: 0 });
    try {
      const { metadata } = await (await task.promise).getMetadata();
      // The XMP parses, and says what the information dictionary says.
      expect(metadata?.get('dc:title')).toBe('Règlement <2027> du prix A & B – Version 1.0');
      expect(metadata?.get('pdf:producer')).toBe('Amendo');
    } finally {
      await task.destroy();
    }
  });
});
