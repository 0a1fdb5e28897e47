import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { importEditAmendRelease } from './helpers/provenance-history.js';
import { pdfLinks, pdfPages, pdfStructure, pdfText } from './helpers/pdf-text.js';
import { renderRulebookPdf } from '../server/export/release-document.js';
import { draftView } from '../shared/doc/view.js';
import { parseRulebookMarkdown } from '../shared/doc/markdown.js';
import { PRIZE_RULES } from './helpers/fixtures.js';
import { originsAppendix } from '../server/export/origins.js';

let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  server = await startServer({ editQuietMs: 200 });
});
afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await server.close();
});

/** GET a release PDF: status, headers and bytes. */
async function download(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(server.url + path, { headers });
  const h = (name: string) => res.headers.get(name);
  return { status: res.status, disposition: h('content-disposition'), cacheControl: h('cache-control'), etag: h('etag'), bytes: Buffer.from(await res.arrayBuffer()) };
}

const today = () => new Intl.DateTimeFormat('en-GB', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date());

describe('release PDF with the origin of each article', () => {
  it('appends, on request, where each article came from: the import, the direct edit, the amendment with its author, decision and reason', async () => {
    const { account, leaAccount, slug, provider, amendment, reason } = await importEditAmendRelease(server);
    providers.push(provider);

    const plain = await download(`/api/rulebooks/${slug}/releases/1.0/pdf`);
    expect(plain.status).toBe(200);
    const plainText = await pdfText(plain.bytes);
    expect(plainText).toContain('Article 3 – Jury');
    expect(plainText).not.toContain('Origin of each article');
    expect(plainText).not.toContain('Imported original');
    expect(plainText).not.toContain(reason);

    const withOrigins = await download(`/api/rulebooks/${slug}/releases/1.0/pdf?origins=1`);
    expect(withOrigins.status).toBe(200);
    expect(withOrigins.disposition).toBe(`attachment; filename="${slug}-1.0-origins.pdf"`);
    // What is known of the amendments may change (supports shown at the close): revalidated, not cached for good.
    expect(withOrigins.cacheControl).toBe('public, no-cache');
    expect(withOrigins.etag).not.toBe(plain.etag);

    const pages = await pdfPages(withOrigins.bytes);
    const first = pages.findIndex((p) => p.startsWith('Origin of each article') || p.includes(' Origin of each article Where the text'));
    expect(first).toBeGreaterThan(0);
    // The body is the plain PDF's; the appendix comes after its closing fingerprint, listed in the contents.
    expect(pages.slice(0, first).join(' ')).toContain('SHA-256 fingerprint of the canonical text');
    expect(pages[1]).toMatch(/Origin of each article[ .]+\d+/);
    const appendix = pages.slice(first).join(' ');
    for (const n of [1, 2, 3, 4]) expect(appendix).toMatch(new RegExp(`Article ${n} – `));
    expect(appendix).toContain('Article 1 – Objet 100% Imported original');
    // "Éligibilité" and "Les candidats…" imported (53 characters), "Tous " typed by the organiser (5).
    expect(appendix).toContain(`Article 2 – Éligibilité 91% Imported original 9% Edited by ${account.displayName} on ${today()}, first in release 1.0`);
    // "Jury", "Le jury compte cinq membres" and the stop imported (32), " et un président" from the amendment (16).
    expect(appendix).toMatch(
      new RegExp(`Article 3 – Jury 67% Imported original 33% Amendment #${amendment.number} by ${leaAccount.displayName}, \\d+ supports?, accepted on ${today()} by ${account.displayName}: “${reason}”`),
    );

    // Tagged like the body: the appendix a heading, each article a heading, its origins a list labelled by their shares.
    const structure = await pdfStructure(withOrigins.bytes);
    const tags = structure.pages.slice(first).flat();
    expect(tags.filter((t) => t === 'H2')).toHaveLength(1);
    expect(tags.filter((t) => t === 'H3')).toHaveLength(4);
    expect(tags).toContain('L > LI > Lbl');
    const links = (await pdfLinks(withOrigins.bytes)).slice(first).flat();
    expect(links.some((url) => url.endsWith(`/r/${slug}/amendments/${amendment.id}`))).toBe(true);
    expect(links.some((url) => url.includes(`/r/${slug}/v/1.0/a/`))).toBe(true);

    const again = await download(`/api/rulebooks/${slug}/releases/1.0/pdf?origins=1`, { 'if-none-match': withOrigins.etag! });
    expect(again.status).toBe(304);
    expect((await download(`/api/rulebooks/${slug}/releases/1.0/pdf?origins=yes`)).status).toBe(400);
  });

  it("counts each article's characters by origin, what created it first, an organiser's edits of one day as one", () => {
    const edit = (at: string) => ({ kind: 'direct_edit' as const, editor: { displayName: 'Alex' }, at, firstRelease: '1.1' });
    const amendment = { kind: 'amendment' as const, at: null, amendment: { id: 'a1', number: 1, author: 'Léa', supportCount: 2, decidedBy: 'Alex', decidedAt: null, reason: null } };
    const origins = [{ kind: 'import' as const, at: '2026-01-10T09:00:00Z' }, edit('2026-02-01T09:00:00Z'), edit('2026-02-01T16:00:00Z'), edit('2026-02-02T09:00:00Z'), amendment];
    const run = (text: string, origin: number) => ({ text, origin, block: 1 });
    const appendix = originsAppendix(
      {
        version: '1.1',
        origins,
        articles: [
          { id: 'x', number: 1, created: 0, changedBy: [1, 2, 3], runs: [run('abc', 2), run('defgh', 0), run('ij', 1), run('k', 3)] },
          { id: 'y', number: 2, created: 4, changedBy: [0], runs: [run('ab', 0), run('cdef', 4)] },
        ],
      },
      'https://amendo.test/r/prix/amendments/',
    );
    expect(appendix.articles).toEqual([
      { id: 'x', created: 0, shares: [{ origin: 0, chars: 5 }, { origin: 1, chars: 5 }, { origin: 3, chars: 1 }] },
      { id: 'y', created: 4, shares: [{ origin: 4, chars: 4 }, { origin: 0, chars: 2 }] },
    ]);
  });

  it('prints the appendix in French for a French rulebook', async () => {
    const parsed = parseRulebookMarkdown(PRIZE_RULES);
    if (!parsed.ok) throw new Error(parsed.message);
    const view = draftView(parsed.doc);
    const [objet, eligibility] = view.articles;
    const amendment = { id: 'a7', number: 7, author: 'Camille Martin', supportCount: 14, decidedBy: 'Alex Dupont', decidedAt: '2026-03-03T10:00:00Z', reason: 'Plus "clair" ainsi.' };
    const pdf = await renderRulebookPdf({
      language: 'fr',
      view,
      version: '1.1',
      status: 'release',
      date: new Date('2026-03-05T09:00:00Z'),
      modified: null,
      publisher: 'Alex Dupont',
      notes: null,
      sha256: '0'.repeat(64),
      changes: null,
      origins: {
        origins: [
          { kind: 'import', at: '2026-01-10T09:00:00Z' },
          { kind: 'direct_edit', editor: { displayName: 'Alex Dupont' }, at: '2026-02-01T09:00:00Z', firstRelease: '1.1' },
          { kind: 'amendment', amendment, at: '2026-03-03T10:00:00Z', firstRelease: '1.1' },
        ],
        articles: [
          { id: objet!.id, created: 0, shares: [{ origin: 0, chars: 92 }, { origin: 2, chars: 8 }] },
          { id: eligibility!.id, created: 2, shares: [{ origin: 2, chars: 996 }, { origin: 1, chars: 4 }] },
        ],
        amendmentBase: 'https://amendo.test/r/prix/amendments/',
      },
    });
    const text = await pdfText(pdf);
    expect(text).toContain('Origine de chaque article');
    expect(text).toContain('Article 1 – Objet 92 % Texte d’origine importé 8 % Amendement n° 7 de Camille Martin, 14 soutiens, accepté le 3 mars 2026 par Alex Dupont : « Plus « clair » ainsi. »');
    // 99.6 % is not all of it, 0.4 % not nothing.
    expect(text).toContain('Article 2 – Éligibilité 99 % Amendement n° 7');
    expect(text).toContain('Amendement n° 7 de Camille Martin (a ajouté cet article)');
    expect(text).toContain('< 1 % Modifié par Alex Dupont le 1er février 2026, première parution dans la version 1.1');
    // An article provenance says nothing of is said to be so, not left out.
    expect(text).toContain('Article 3 – Jury — Origine non enregistrée');
  });
});
