import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { openConsultation, personWithRole, uniqueSlug } from './helpers/fixtures.js';
import { typeInArticle } from './helpers/draft.js';
import { pdfInfo, pdfText } from './helpers/pdf-text.js';

const dir = mkdtempSync(join(tmpdir(), 'amendo-pdf-'));
let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  server = await startServer({ databasePath: join(dir, 'amendo.db') });
});
afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

const RULES = `# Règlement des compétitions de la Fédération

Le présent règlement s'applique à toutes les compétitions organisées par la fédération.

# Chapitre 1 – Dispositions générales

## Article 1 – Objet

La fédération organise chaque saison un championnat « open » ouvert à tous les clubs affiliés : l'inscription coûte 150 €.

## Article 2 – Qualification

Un club est qualifié s'il remplit les conditions suivantes :

- être affilié depuis au moins un an ;
- avoir réglé sa cotisation ;
- présenter une équipe complète !

## Article 3 – Calendrier

Le calendrier est publié avant le 1er septembre ; il peut être modifié pour un motif sérieux.

# Chapitre 2 – Discipline

## Article 4 – Sanctions

Le comité de discipline peut prononcer un avertissement, une amende ou une exclusion. Sa décision est motivée et notifiée au club par écrit dans les quinze jours.
`;

/** A French rulebook imported from RULES, with its organiser. */
async function frenchRulebook() {
  const organiser = new ApiClient(server.url);
  await organiser.signUp('Comité fédéral');
  const slug = uniqueSlug('federation');
  await organiser.post('/api/rulebooks', { slug, title: 'Règlement', language: 'fr' });
  const { body: draft } = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: RULES });
  return { organiser, slug, draft };
}

/** GET a PDF route: status, headers and raw bytes. */
async function download(path: string) {
  const res = await fetch(server.url + path);
  return { status: res.status, type: res.headers.get('content-type'), disposition: res.headers.get('content-disposition'), bytes: Buffer.from(await res.arrayBuffer()) };
}

describe('release PDF', () => {
  it('prints a release as a typeset regulation: cover, contents, numbered articles, furniture and fingerprint', async () => {
    const { organiser, slug } = await frenchRulebook();
    const { body: release } = await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0', notes: 'Adopté par l’assemblée générale.' });

    const pdf = await download(`/api/rulebooks/${slug}/releases/1.0/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.type).toBe('application/pdf');
    expect(pdf.disposition).toBe(`attachment; filename="${slug}-1.0.pdf"`);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');

    const text = await pdfText(pdf.bytes);
    const pages = Number(/page 2 \/ (\d+)/.exec(text)?.[1]);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect(text).toContain('Règlement des compétitions de la Fédération');
    expect(text).toContain('Version 1.0');
    expect(text).toContain('Version publiée');
    expect(text).toContain('Table des matières');
    expect(text).toMatch(/Chapitre 1 – Dispositions générales[ .]+3/);
    expect(text).toMatch(/Article 4 – Sanctions[ .]+\d/);
    for (const heading of ['Article 1 – Objet', 'Article 2 – Qualification', 'Article 3 – Calendrier', 'Article 4 – Sanctions']) expect(text).toContain(heading);
    expect(text).toContain('championnat « open » ouvert à tous les clubs affiliés : l’inscription coûte 150 €');
    expect(text).toContain('• être affilié depuis au moins un an ;');
    expect(text).toContain(`page ${pages} / ${pages}`);
    expect(text).toContain('Empreinte SHA-256 du texte canonique');
    expect(text).toContain(release.sha256);

    expect(await pdfInfo(pdf.bytes)).toEqual({ title: 'Règlement des compétitions de la Fédération – Version 1.0', author: 'Comité fédéral', creator: 'Amendo' });
  });

  it('always yields the same bytes for the same release, in any server instance', async () => {
    const { organiser, slug } = await frenchRulebook();
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' });
    const first = await download(`/api/rulebooks/${slug}/releases/0.1/pdf`);
    await new Promise((r) => setTimeout(r, 20));
    expect((await download(`/api/rulebooks/${slug}/releases/0.1/pdf`)).bytes.equals(first.bytes)).toBe(true);

    // Another instance of the deployment (same public address, which article headings link to), without the
    // stored PDFs: it renders the release again, to the same bytes.
    rmSync(join(dir, 'pdf-cache'), { recursive: true, force: true });
    const other = await startServer({ databasePath: join(dir, 'amendo.db'), publicUrl: server.url });
    try {
      const res = await fetch(`${other.url}/api/rulebooks/${slug}/releases/0.1/pdf`);
      expect(Buffer.from(await res.arrayBuffer()).equals(first.bytes)).toBe(true);
      expect(readdirSync(join(dir, 'pdf-cache')).filter((f) => f.endsWith('.pdf')).length).toBeGreaterThan(0);
    } finally {
      await other.close();
    }
  });

  it('answers errors as JSON: unknown release 404, malformed version 400', async () => {
    const { slug } = await frenchRulebook();
    const missing = await new ApiClient(server.url).get(`/api/rulebooks/${slug}/releases/9.9/pdf`);
    expect([missing.status, missing.body.error.code]).toEqual([404, 'release_not_found']);
    const malformed = await new ApiClient(server.url).get(`/api/rulebooks/${slug}/releases/v1/pdf`);
    expect([malformed.status, malformed.body.error.code]).toEqual([400, 'validation_failed']);
    expect((await new ApiClient(server.url).get('/api/rulebooks/no-such-rules/draft/pdf')).body.error.code).toBe('rulebook_not_found');
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/diff/pdf?from=0.1&to=1.0`)).body.error.code).toBe('release_not_found');
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/diff/pdf?from=draft&to=0.1`)).body.error.code).toBe('validation_failed');
  });
});

describe('draft PDF', () => {
  it('is watermarked, dated with the export time, and shows the live text', async () => {
    const { organiser, slug, draft } = await frenchRulebook();
    const editor = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    providers.push(editor);
    await synced(editor);
    typeInArticle(editor.doc, draft.articles[2].id, 'Modifié en séance. ');
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[2].text.startsWith('Modifié'));

    const pdf = await download(`/api/rulebooks/${slug}/draft/pdf`);
    expect(pdf.disposition).toBe(`attachment; filename="${slug}-draft.pdf"`);
    const text = await pdfText(pdf.bytes);
    expect(text).toContain('Projet / Draft');
    expect(text).toContain('Modifié en séance. Le calendrier est publié');
    expect(text).toMatch(/Exporté le \d{1,2} \S+ \d{4} à \d\d:\d\d UTC/);
    // The watermark is set diagonally, once on every page.
    const pages = Number(/page 2 \/ (\d+)/.exec(text)?.[1]);
    expect(text.replace(/\s+/g, '').split('PROJET/DRAFT').length - 1).toBe(pages);
  });
});

describe('redline PDF', () => {
  it('marks the inserted, amended, removed and renumbered articles between two releases', async () => {
    const { organiser, slug, draft } = await frenchRulebook();
    await openConsultation(organiser, slug);
    const { person: lea } = await personWithRole(server, organiser, slug, 'member', 'Léa');
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' });
    const proposals = [
      { kind: 'insert', afterArticleId: draft.articles[0].id, title: 'Définitions', text: 'Un « club » est une association affiliée.', rationale: 'Clarté.' },
      { kind: 'modify', articleId: draft.articles[3].id, text: 'Le comité de discipline peut prononcer un avertissement ou une exclusion. Sa décision est motivée et notifiée au club par écrit dans les quinze jours.', rationale: 'Pas d’amende.' },
      { kind: 'delete', articleId: draft.articles[2].id, rationale: 'Inutile.' },
    ];
    for (const proposal of proposals) {
      const { body } = await lea.post(`/api/rulebooks/${slug}/amendments`, proposal);
      expect((await organiser.post(`/api/amendments/${body.id}/decision`, { decision: 'accept', reason: 'Oui.' })).status).toBe(200);
    }
    await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });

    const pdf = await download(`/api/rulebooks/${slug}/diff/pdf?from=0.1&to=1.0`);
    expect([pdf.status, pdf.type, pdf.disposition]).toEqual([200, 'application/pdf', `attachment; filename="${slug}-0.1-1.0-redline.pdf"`]);
    // Words hyphenated at a line end read whole.
    const text = (await pdfText(pdf.bytes)).replace(/(\p{Ll})- (\p{Ll})/gu, '$1$2');
    expect(text).toContain('Comparaison des versions');
    expect(text).toContain('Article 2 – Définitions · nouvel article');
    expect(text).toContain('Un « club » est une association affiliée.');
    expect(text).toContain('Article 3 (ancien 2) – Qualification');
    expect(text).toContain('Ancien article 3 – Calendrier · article supprimé');
    expect(text).toMatch(/Article 4 \(ancien 4\)|Article 4 – Sanctions/);
    expect(text).toContain('un avertissement, une amende ou une exclusion');
    expect(text).toMatch(/Articles modifiés[\s\S]*Article 2 – Définitions · nouvel article[ .]+\d/);
  });
});
