import { afterAll, beforeAll, describe, expect, it } from 'vitest';

import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, waitFor } from './helpers/client.js';
import { openConsultation, organiserWithRulebook, personWithRole, PRIZE_RULES } from './helpers/fixtures.js';
import { articleElement } from './helpers/draft.js';
import { accept, directEditRecorded, propose, typeDirectEdit } from './helpers/provenance-history.js';
import { draftFragment } from '../shared/doc/ydoc.js';
import type { Origin, Provenance } from '../shared/validation/provenance.js';
import { findRulebook } from '../server/domain/rulebooks.js';
import { auditEvents } from '../server/db/schema.js';
import { eq } from 'drizzle-orm';


let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  server = await startServer({ editQuietMs: 200 });
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
});

const reader = () => new ApiClient(server.url);
const provenance = async (slug: string, version?: string): Promise<Provenance> => {
  const res = await reader().get(`/api/rulebooks/${slug}/provenance${version ? `?version=${version}` : ''}`);
  expect(res.status).toBe(200);
  return res.body;
};
/** An article's runs as `[text, origin]` pairs, the origin told in a few words. */
function runsOf(p: Provenance, number: number): [string, string][] {
  const article = p.articles.find((a) => a.number === number)!;
  return article.runs.map((r) => [r.text, label(p.origins[r.origin]!)]);
}
const label = (o: Origin) => (o.kind === 'amendment' ? `#${o.amendment!.number}` : o.kind === 'direct_edit' ? `edit by ${o.editor?.displayName ?? '?'}` : o.kind);


describe('provenance of a version', () => {
  it('attributes each run to the import, a direct edit or an amendment, through renumbering, and a release keeps its own', async () => {
    const { organiser, account, slug, draft } = await organiserWithRulebook(server, 4, PRIZE_RULES);
    await openConsultation(organiser, slug);
    const { person: lea, account: leaAccount } = await personWithRole(server, organiser, slug, 'member', 'Léa');
    const [objet, eligibility, jury, prize] = draft.articles;

    // Freshly imported: every run comes from the import.
    const imported = await provenance(slug);
    expect(imported.origins).toEqual([{ kind: 'import', editor: { displayName: account.displayName }, at: expect.any(String) }]);
    expect(runsOf(imported, 2)).toEqual([['Éligibilité', 'import'], ['Les candidats doivent résider en Belgique.', 'import']]);
    expect(imported.articles[1]).toMatchObject({ id: eligibility.id, number: 2, created: 0, changedBy: [] });

    // The organiser types into article 2 over a real connection; the journal records it once quiet.
    const provider = await typeDirectEdit(server, organiser, slug, eligibility.id, 'Tous ');
    providers.push(provider);
    const live = await provenance(slug);
    expect(runsOf(live, 2)[1]).toEqual(['Tous ', `edit by ?`]);
    await directEditRecorded(server, slug);

    // Léa's amendment to article 3 is accepted: only the words it adds are its own.
    const first = await propose(lea, slug, { kind: 'modify', articleId: jury.id, text: 'Le jury compte cinq membres et un président.' });
    await accept(organiser, first.id, 'Un président tranche.');
    expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);

    const released = await provenance(slug, '1.0');
    expect(runsOf(released, 2)).toEqual([['Éligibilité', 'import'], ['Tous ', `edit by ${account.displayName}`], ['Les candidats doivent résider en Belgique.', 'import']]);
    expect(runsOf(released, 3)).toEqual([['Jury', 'import'], ['Le jury compte cinq membres', 'import'], [' et un président', `#${first.number}`], ['.', 'import']]);
    const amendment = released.origins.find((o) => o.kind === 'amendment')!;
    expect(amendment).toMatchObject({
      firstRelease: '1.0',
      amendment: { id: first.id, number: first.number, author: leaAccount.displayName, supportCount: expect.any(Number), decidedBy: account.displayName, reason: 'Un président tranche.', decidedAt: expect.any(String) },
    });
    expect(released.origins.find((o) => o.kind === 'direct_edit')).toMatchObject({ editor: { displayName: account.displayName }, firstRelease: '1.0', at: expect.any(String) });
    expect(released.articles[2]).toMatchObject({ number: 3, created: released.origins.findIndex((o) => o.kind === 'import'), changedBy: [released.origins.indexOf(amendment)] });

    // A second amendment inserts an article after the first: the others are renumbered, their runs keep their origins.
    const second = await propose(lea, slug, { kind: 'insert', afterArticleId: objet.id, title: 'Calendrier', text: 'Les candidatures ferment le 1er mars.' });
    await accept(organiser, second.id, 'Utile.');
    const now = await provenance(slug);
    expect(now.articles.map((a) => a.id)).toEqual([objet.id, expect.any(String), eligibility.id, jury.id, prize.id]);
    expect(runsOf(now, 2)).toEqual([['Calendrier', `#${second.number}`], ['Les candidatures ferment le 1er mars.', `#${second.number}`]]);
    expect(runsOf(now, 3)).toEqual(runsOf(released, 2));
    expect(runsOf(now, 4)).toEqual(runsOf(released, 3));
    expect(now.origins.find((o) => o.amendment?.number === second.number)!.firstRelease).toBeUndefined();

    // The organiser moves the prize article up (deleted and inserted again before the jury, as a drag and drop does):
    // the pasted text is new Yjs items, recorded as carrying the old ones, so it keeps its origin.
    provider.doc.transact(() => {
      const fragment = draftFragment(provider.doc);
      const element = articleElement(provider.doc, prize.id);
      const copy = element.clone();
      fragment.delete(fragment.toArray().indexOf(element), 1);
      fragment.insert(fragment.toArray().indexOf(articleElement(provider.doc, jury.id)), [copy]);
    });
    const moved = await waitFor(async () => {
      const p = await provenance(slug);
      return p.articles[3]!.id === prize.id && runsOf(p, 4).every(([, origin]) => origin === 'import') ? p : null;
    }, 10_000, 'the move recorded');
    expect(runsOf(moved, 4)).toEqual(runsOf(released, 4));
    expect(moved.origins[moved.articles[3]!.created!]!.kind).toBe('import');
    expect(runsOf(moved, 5)).toEqual(runsOf(released, 3));

    // Release 1.0 says the same as before, whatever happened to the draft since.
    expect(await provenance(slug, '1.0')).toEqual(released);
  });

  it('hides support counts from readers while supports are hidden', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    await openConsultation(organiser, slug);
    const { person: lea } = await personWithRole(server, organiser, slug, 'member', 'Léa');
    expect((await organiser.request('PUT', `/api/rulebooks/${slug}/participation`, { policy: 'verified', domains: [], hideSupportsUntilClose: true })).status).toBe(200);
    const change = await propose(lea, slug, { kind: 'modify', articleId: draft.articles[0].id, text: 'Reworded.' });
    await accept(organiser, change.id, 'Fine.');
    const shown = (p: Provenance) => p.origins.find((o) => o.kind === 'amendment')!.amendment!.supportCount;
    expect(shown(await provenance(slug))).toBeNull();
    const asOrganiser = await organiser.get(`/api/rulebooks/${slug}/provenance`);
    expect(typeof shown(asOrganiser.body)).toBe('number');
  });

  it('says "unknown" of text from before items were recorded, rather than guess', async () => {
    const { slug, draft } = await organiserWithRulebook(server, 2);
    // A rulebook imported before this record existed: its import entry has no items.
    const rulebook = await findRulebook(server.app.domain, slug);
    await server.app.domain.db.update(auditEvents).set({ insertedItems: null }).where(eq(auditEvents.rulebookId, rulebook.id));
    const p = await provenance(slug);
    expect(p.origins).toEqual([{ kind: 'unknown', at: null }]);
    expect(runsOf(p, 1)).toEqual([[draft.articles[0].title, 'unknown'], [draft.articles[0].text, 'unknown']]);
  });

  it('answers 404 release_not_found for an unknown release and 400 for a malformed version', async () => {
    const { slug } = await organiserWithRulebook(server, 1);
    const missing = await reader().get(`/api/rulebooks/${slug}/provenance?version=9.9`);
    expect(missing.status).toBe(404);
    expect(missing.body.error.code).toBe('release_not_found');
    expect((await reader().get(`/api/rulebooks/${slug}/provenance?version=latest`)).status).toBe(400);
  });
});

