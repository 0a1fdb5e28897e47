import { first } from '../server/db/handle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { openConsultation, organiserWithRulebook, personWithRole, PRIZE_RULES } from './helpers/fixtures.js';
import { articleElement, insertArticleAfter } from './helpers/draft.js';
import { draftFragment } from '../shared/doc/ydoc.js';
import { newNodeId } from '../shared/doc/ids.js';
import { pendingDraftEdits, rulebooks } from '../server/db/schema.js';
import { recordDirectEdit, recoverDirectEdits } from '../server/domain/direct-edits.js';
import { instanceId } from '../server/db/instance-lock.js';
import { eq } from 'drizzle-orm';


let server: TestServer;
const providers: WebsocketProvider[] = [];
const connect = async (slug: string, client: ApiClient) => {
  const provider = connectProvider(server.collabUrl, slug, client.cookieHeader());
  providers.push(provider);
  await synced(provider);
  return provider;
};

beforeAll(async () => {
  process.setMaxListeners(100);
  server = await startServer({ editQuietMs: 300 });
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
});

/** Replace the first occurrence of `from` in an article's first paragraph by `to`, as an editor would. */
function replaceInArticle(doc: Y.Doc, articleId: string, from: string, to: string): void {
  const text = (articleElement(doc, articleId).get(1) as Y.XmlElement).get(0) as Y.XmlText;
  const index = text.toString().indexOf(from);
  doc.transact(() => {
    text.delete(index, from.length);
    text.insert(index, to);
  });
}

const history = async (slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries as any[];
const directEdits = async (slug: string) => (await history(slug)).filter((e) => e.type === 'draft.edited');
/** The list, or null while it is empty (for `waitFor`). */
const nonEmpty = <T,>(list: T[]) => (list.length > 0 ? list : null);
const verify = async (slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit/verify`)).body;

describe("an organiser's direct edits of the draft", () => {
  it('are recorded once quiet, one entry per organiser and article, with the wording before and after, and the chain verifies', async () => {
    const { organiser, account, slug, draft } = await organiserWithRulebook(server, 4, PRIZE_RULES);
    const provider = await connect(slug, organiser);
    const prize = draft.articles[3];

    // Two keystroke-sized changes within the quiet period make one entry.
    replaceInArticle(provider.doc, prize.id, '1 500', '1 800');
    replaceInArticle(provider.doc, prize.id, '1 800', '2 000');
    const [entry] = (await waitFor(async () => nonEmpty(await directEdits(slug)), 10_000, 'the direct edit entry'))!;

    expect(entry).toMatchObject({
      actor: { name: account.displayName },
      payload: {
        change: 'edited',
        articleId: prize.id,
        number: 4,
        before: { title: 'Dotation', text: 'Le lauréat reçoit 1 500 € et un trophée.' },
        after: { title: 'Dotation', text: 'Le lauréat reçoit 2 000 € et un trophée.' },
        added: 1,
        removed: 1,
      },
    });
    const entries = await history(slug);
    expect(entries.map((e) => e.number)).toEqual(entries.map((_, i) => i + 1));
    expect(await verify(slug)).toMatchObject({ ok: true, entries: entries.length, head: entries.at(-1).hash });
    expect(await directEdits(slug)).toHaveLength(1);
  });

  it('makes one entry per organiser when two edit the same article at once', async () => {
    const { organiser, account, slug, draft } = await organiserWithRulebook(server, 4, PRIZE_RULES);
    const { person: second, account: secondAccount } = await personWithRole(server, organiser, slug, 'organiser', 'Second');
    const mine = await connect(slug, organiser);
    const theirs = await connect(slug, second);
    const jury = draft.articles[2];
    replaceInArticle(mine.doc, jury.id, 'cinq', 'sept');
    await waitFor(() => readArticleText(theirs.doc, jury.id).includes('sept'), 5000, 'the first edit reaching the second organiser');
    replaceInArticle(theirs.doc, jury.id, 'membres', 'membres, dont un président');

    const edits = (await waitFor(async () => {
      const all = await directEdits(slug);
      return all.length === 2 ? all : null;
    }, 10_000, 'two direct edit entries'))!;
    const of = (name: string) => edits.find((e) => e.actor.name === name)!.payload;
    expect(of(account.displayName)).toMatchObject({ articleId: jury.id, before: { text: 'Le jury compte cinq membres.' }, after: { text: 'Le jury compte sept membres.' } });
    expect(of(secondAccount.displayName)).toMatchObject({ articleId: jury.id, before: { text: 'Le jury compte sept membres.' }, after: { text: 'Le jury compte sept membres, dont un président.' } });
    expect(await verify(slug)).toMatchObject({ ok: true });
  });

  it('records an inserted article, and not the server-side edit of an accepted amendment', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 4, PRIZE_RULES);
    await openConsultation(organiser, slug);
    const { person: lea } = await personWithRole(server, organiser, slug, 'member', 'Léa');
    const provider = await connect(slug, organiser);
    const inserted = insertArticleAfter(provider.doc, draft.articles[0].id, 'Calendrier', 'Les candidatures ferment le 1er mars.');
    const [entry] = (await waitFor(async () => nonEmpty(await directEdits(slug)), 10_000, 'the insertion entry'))!;
    expect(entry.payload).toMatchObject({ change: 'inserted', articleId: inserted, number: 2, before: null, after: { title: 'Calendrier' } });

    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: draft.articles[2].id, text: 'Le jury compte sept membres.', rationale: 'Plus de voix.' });
    const decided = await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Oui.' });
    expect(decided.status).toBe(200);
    await waitFor(() => readArticleText(provider.doc, draft.articles[2].id).includes('sept'), 5000, 'the accepted wording');
    // The amendment's own entry says what changed; no direct edit is attributed to anyone for it.
    const types = (await history(slug)).map((e) => e.type);
    expect(types.slice(-3)).toEqual(['draft.edited', 'amendment.created', 'amendment.accepted']);
    expect(await directEdits(slug)).toHaveLength(1);
    expect(await verify(slug)).toMatchObject({ ok: true });
  });

  it('are recorded when the room unloads, before their quiet period ends', async () => {
    const slow = await startServer({ editQuietMs: 60_000, docIdleMs: 0 });
    try {
      const { organiser, slug, draft } = await organiserWithRulebook(slow, 4, PRIZE_RULES);
      const provider = connectProvider(slow.collabUrl, slug, organiser.cookieHeader());
      await synced(provider);
      replaceInArticle(provider.doc, draft.articles[1].id, 'en Belgique', 'en Belgique ou au Luxembourg');
      const rulebookId = first(await slow.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
      // The wording before is kept durably while the edit waits for its quiet period.
      await waitFor(async () => first(await slow.app.db.select().from(pendingDraftEdits).where(eq(pendingDraftEdits.rulebookId, rulebookId))), 5000, 'the pending edit');
      provider.destroy();
      const entries = (await waitFor(async () => {
        const all = (await new ApiClient(slow.url).get(`/api/rulebooks/${slug}/audit`)).body.entries as any[];
        return nonEmpty(all.filter((e) => e.type === 'draft.edited'));
      }, 5000, 'the entry written at unload'))!;
      expect(entries.at(-1).payload).toMatchObject({ change: 'edited', number: 2, added: 3, removed: 0 });
      expect(await slow.app.db.select().from(pendingDraftEdits).where(eq(pendingDraftEdits.rulebookId, rulebookId))).toEqual([]);
    } finally {
      await slow.close();
    }
  });

  it('left pending by a server that stopped are recorded from the stored draft at the next start', async () => {
    const { account, slug, draft } = await organiserWithRulebook(server, 4, PRIZE_RULES);
    const rulebookId = first(await server.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
    // What a server killed mid-edit leaves behind: the wording remembered when the edit began, and a draft that moved on.
    await server.app.db
      .insert(pendingDraftEdits)
      .values({ id: 'crashed-edit', rulebookId, userId: account.id, actorName: account.displayName, articleId: draft.articles[2].id, articleNumber: 3, before: JSON.stringify({ title: 'Jury', text: 'Le jury compte trois membres.' }), startedAt: new Date() });
    expect(await recoverDirectEdits(server.app.domain)).toBe(1);
    const [entry] = await directEdits(slug);
    expect(entry).toMatchObject({
      actor: { name: account.displayName },
      payload: { change: 'edited', number: 3, recovered: true, before: { text: 'Le jury compte trois membres.' }, after: { text: 'Le jury compte cinq membres.' } },
    });
    expect(await verify(slug)).toMatchObject({ ok: true });
  });

  it('are recorded once when two recorders take the same pending edit (its instance, and another taking over)', async () => {
    const { account, slug, draft } = await organiserWithRulebook(server, 4, PRIZE_RULES);
    const rulebookId = first(await server.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
    const jury = draft.articles[2];
    await server.app.db
      .insert(pendingDraftEdits)
      .values({ id: 'taken-twice', rulebookId, userId: account.id, actorName: account.displayName, articleId: jury.id, articleNumber: 3, before: JSON.stringify({ title: 'Jury', text: 'Le jury compte trois membres.' }), startedAt: new Date() });
    const wording = (text: string) => ({ part: 'article' as const, id: jury.id, number: 3, wording: { title: 'Jury', text } });
    const edit = { pendingId: 'taken-twice', rulebookId, editor: { userId: account.id, name: account.displayName }, before: wording('Le jury compte trois membres.'), after: wording('Le jury compte cinq membres.'), startedAt: new Date() };

    await Promise.all([recordDirectEdit(server.app.domain, edit), recordDirectEdit(server.app.domain, edit, true)]);
    await recordDirectEdit(server.app.domain, edit);

    expect(await directEdits(slug)).toHaveLength(1);
    expect(await verify(slug)).toMatchObject({ ok: true });
  });

  it('pending in this very instance are left to its journal, those of another are recovered', async () => {
    const { account, slug, draft } = await organiserWithRulebook(server, 4, PRIZE_RULES);
    const rulebookId = first(await server.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
    const pending = (id: string, article: number, holder: string) => ({ id, rulebookId, userId: account.id, actorName: account.displayName, articleId: draft.articles[article].id, articleNumber: article + 1, before: JSON.stringify({ title: 'Ancien titre', text: 'Ancien texte.' }), startedAt: new Date(), holder });
    await server.app.db.insert(pendingDraftEdits).values([pending('mine', 0, instanceId(server.app.db)), pending('stopped', 1, 'a-stopped-instance')]);

    expect(await recoverDirectEdits(server.app.domain)).toBe(1);

    expect((await directEdits(slug)).map((e) => e.payload)).toEqual([expect.objectContaining({ articleId: draft.articles[1].id, recovered: true })]);
    expect((await server.app.db.select().from(pendingDraftEdits)).map((row) => row.id)).toEqual(['mine']);
    await server.app.db.delete(pendingDraftEdits).where(eq(pendingDraftEdits.id, 'mine'));
  });
});

/** The same regulation with a preamble and its articles in two sections. */
const SECTIONED_RULES = [
  '# Prix 2027',
  '',
  'Le présent règlement organise le prix du community manager.',
  '',
  '# Candidatures',
  '',
  '## Article 1 – Éligibilité',
  '',
  'Les candidats doivent résider en Belgique.',
  '',
  '# Jury',
  '',
  '## Article 2 – Composition',
  '',
  'Le jury compte cinq membres.',
  '',
].join('\n');

/** The top-level element of the draft that is the `index`-th node named `name`. */
function topLevel(doc: Y.Doc, name: string, index = 0): Y.XmlElement {
  const el = draftFragment(doc).toArray().filter((n): n is Y.XmlElement => n instanceof Y.XmlElement && n.nodeName === name)[index];
  if (!el) throw new Error(`no ${name} #${index}`);
  return el;
}

/** Replace `from` by `to` in a text of the draft, as an editor would. */
function replaceIn(text: Y.XmlText, from: string, to: string): void {
  const index = text.toString().indexOf(from);
  if (index < 0) throw new Error(`no "${from}" in "${text.toString()}"`);
  text.doc!.transact(() => {
    text.delete(index, from.length);
    text.insert(index, to);
  });
}

describe("an organiser's direct edits of the title, the preamble and the section headings", () => {
  it('are recorded like an article’s, per organiser and part once quiet, with the text before and after, and the chain verifies', async () => {
    const { organiser, account, slug } = await organiserWithRulebook(server, 2, SECTIONED_RULES);
    const provider = await connect(slug, organiser);
    const doc = provider.doc;
    const before = (await history(slug)).length;

    // Two changes to the title within the quiet period: one entry.
    replaceIn(topLevel(doc, 'title').get(0) as Y.XmlText, '2027', '2028');
    replaceIn(topLevel(doc, 'title').get(0) as Y.XmlText, 'Prix', 'Grand prix');
    replaceIn((topLevel(doc, 'preamble').get(0) as Y.XmlElement).get(0) as Y.XmlText, 'organise le prix', 'organise et finance le prix');
    replaceIn(topLevel(doc, 'section', 1).get(0) as Y.XmlText, 'Jury', 'Jury et délibérations');
    const added = new Y.XmlElement('section');
    const sectionId = newNodeId('section');
    added.setAttribute('id', sectionId);
    added.insert(0, [new Y.XmlText('Dotation')]);
    draftFragment(doc).push([added]);

    const edits = (await waitFor(async () => {
      const all = await directEdits(slug);
      return all.length >= 4 ? all : null;
    }, 10_000, 'four entries: title, preamble, section renamed, section added'))!;
    const byPart = (part: string, change = 'edited') => edits.find((e) => e.payload.part === part && e.payload.change === change);
    expect(edits).toHaveLength(4);
    expect(edits.every((e) => e.actor.name === account.displayName)).toBe(true);
    // Counted over the phrase diff readers see: "Prix 2027" replaced by "Grand prix 2028".
    expect(byPart('title')!.payload).toMatchObject({ before: 'Prix 2027', after: 'Grand prix 2028', added: 3, removed: 2 });
    expect(byPart('preamble')!.payload).toMatchObject({
      before: 'Le présent règlement organise le prix du community manager.',
      after: 'Le présent règlement organise et finance le prix du community manager.',
      added: 2,
      removed: 0,
    });
    expect(byPart('section')!.payload).toMatchObject({ before: 'Jury', after: 'Jury et délibérations', sectionId: expect.any(String) });
    expect(byPart('section', 'inserted')!.payload).toMatchObject({ sectionId, before: null, after: 'Dotation' });
    const entries = await history(slug);
    expect(entries).toHaveLength(before + 4);
    expect(await verify(slug)).toMatchObject({ ok: true, entries: entries.length, head: entries.at(-1).hash });
  });

  it('left pending when a server stopped are recovered as the part they concern (a deleted section)', async () => {
    const { account, slug } = await organiserWithRulebook(server, 2, SECTIONED_RULES);
    const rulebookId = first(await server.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
    const remembered = (id: string, before: object) => ({ id, rulebookId, userId: account.id, actorName: account.displayName, articleId: id, articleNumber: null, before: JSON.stringify(before), startedAt: new Date() });
    await server.app.db
      .insert(pendingDraftEdits)
      .values([remembered('gone-section', { part: 'section', title: '', text: 'Annexes' }), { ...remembered('title', { part: 'title', title: '', text: 'Prix 2026' }), id: 'old-title' }]);
    await recoverDirectEdits(server.app.domain);
    const edits = await directEdits(slug);
    expect(edits.map((e) => e.payload)).toEqual([
      expect.objectContaining({ part: 'section', change: 'deleted', sectionId: 'gone-section', before: 'Annexes', after: null, recovered: true }),
      expect.objectContaining({ part: 'title', change: 'edited', before: 'Prix 2026', after: 'Prix 2027', recovered: true }),
    ]);
    expect(await verify(slug)).toMatchObject({ ok: true });
  });
});

function readArticleText(doc: Y.Doc, id: string): string {
  return (articleElement(doc, id).get(1) as Y.XmlElement).toString();
}
