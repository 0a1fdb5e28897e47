import { first } from '../server/db/handle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { openDebate, organiserWithRulebook, personWithRole } from './helpers/fixtures.js';
import { typeInArticle, numberedTitles } from './helpers/draft.js';
import { readDraft } from '../shared/doc/ydoc.js';
import { amendments } from '../server/db/schema.js';
import { settleSupports } from '../server/domain/supports.js';

let server: TestServer;
const providers: WebsocketProvider[] = [];
beforeAll(async () => {
  process.setMaxListeners(100);
  server = await startServer();
});
afterAll(async () => {
  providers.forEach((p) => p.destroy());
  await server.close();
});
const connect = (slug: string, cookie = '') => {
  const p = connectProvider(server.collabUrl, slug, cookie);
  providers.push(p);
  return p;
};
const amendmentRows = async () => first(await server.app.db.select({ n: sql<number>`count(*)` }).from(amendments))!.n;

describe('proposing amendments', () => {
  it('records the article wording at proposal time as the base, and shows a word-level diff', async () => {
    const { slug, draft, lea } = await openDebate(server);
    const article = draft.articles[1];
    const res = await lea.post(`/api/rulebooks/${slug}/amendments`, {
      kind: 'modify',
      articleId: article.id,
      text: article.text.replace('word2x3', 'changed'),
      rationale: 'Clearer.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ number: 1, kind: 'modify', status: 'open', articleNumber: 2, baseTitle: 'Rule 2', baseText: article.text, title: 'Rule 2', supportCount: 0, mine: true });
    const detail = (await new ApiClient(server.url).get(`/api/amendments/${res.body.id}`)).body;
    expect(detail.diff.text.filter((r: any) => r.op !== 'equal')).toEqual([
      { op: 'delete', text: 'word2x3' },
      { op: 'insert', text: 'changed' },
    ]);
    expect(detail.diff.title).toBeNull();
    expect(detail.currentDiff).toBeNull();
    expect(detail.mine).toBe(false);
  });

  it('refuses proposals outside the consultation window, from anonymous visitors, and bad input; nothing is written', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    const { person: member } = await personWithRole(server, organiser, slug, 'member');
    const before = await amendmentRows();
    const body = { kind: 'delete', articleId: draft.articles[0].id, rationale: 'Useless.' };
    expect((await member.post(`/api/rulebooks/${slug}/amendments`, body)).body.error.code).toBe('consultation_closed');
    await organiser.request('PATCH', `/api/rulebooks/${slug}`, { opensAt: new Date(Date.now() - 7200_000).toISOString(), closesAt: new Date(Date.now() - 3600_000).toISOString() });
    expect((await member.post(`/api/rulebooks/${slug}/amendments`, body)).body.error.code).toBe('consultation_closed');
    expect((await new ApiClient(server.url).post(`/api/rulebooks/${slug}/amendments`, body)).body.error.code).toBe('not_signed_in');

    await organiser.request('PATCH', `/api/rulebooks/${slug}`, { opensAt: new Date(Date.now() - 3600_000).toISOString(), closesAt: new Date(Date.now() + 3600_000).toISOString() });
    const bad: Array<[unknown, number, string]> = [
      [{ kind: 'delete', articleId: draft.articles[0].id, rationale: '' }, 400, 'validation_failed'],
      [{ kind: 'delete', articleId: 'anothing', rationale: 'x' }, 404, 'article_not_found'],
      [{ kind: 'modify', articleId: draft.articles[0].id, text: 'x'.repeat(100_001), rationale: 'x' }, 400, 'validation_failed'],
      [{ kind: 'modify', articleId: draft.articles[0].id, text: draft.articles[0].text, rationale: 'same' }, 422, 'no_change'],
      [{ kind: 'insert', afterArticleId: 'anothing', title: 'T', text: 'x', rationale: 'x' }, 404, 'article_not_found'],
      [{ kind: 'rename', articleId: draft.articles[0].id, rationale: 'x' }, 400, 'validation_failed'],
    ];
    for (const [payload, status, code] of bad) {
      const res = await member.post(`/api/rulebooks/${slug}/amendments`, payload);
      expect([res.status, res.body.error.code], JSON.stringify(payload).slice(0, 80)).toEqual([status, code]);
    }
    expect(await amendmentRows()).toBe(before);
  });

  it('allows one support per account, never one’s own, and edits only while nobody supports', async () => {
    const { slug, draft, lea, yanis, organiser } = await openDebate(server);
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: draft.articles[0].id, text: 'New wording.', rationale: 'Shorter.' });

    const edited = await lea.request('PATCH', `/api/amendments/${amendment.id}`, { text: 'Newer wording.' });
    expect(edited.body.text).toBe('Newer wording.');
    expect((await yanis.request('PATCH', `/api/amendments/${amendment.id}`, { text: 'Hijack' })).body.error.code).toBe('not_author');

    expect((await lea.post(`/api/amendments/${amendment.id}/support`)).body.error.code).toBe('own_amendment');
    expect((await yanis.post(`/api/amendments/${amendment.id}/support`)).body).toMatchObject({ supportCount: 1, supportedByMe: true });
    expect((await yanis.post(`/api/amendments/${amendment.id}/support`)).body.error.code).toBe('already_supported');
    expect((await organiser.post(`/api/amendments/${amendment.id}/support`)).body.supportCount).toBe(2);
    expect((await new ApiClient(server.url).post(`/api/amendments/${amendment.id}/support`)).body.error.code).toBe('not_signed_in');

    expect((await lea.request('PATCH', `/api/amendments/${amendment.id}`, { text: 'Too late.' })).body.error.code).toBe('amendment_locked');
    expect((await yanis.request('DELETE', `/api/amendments/${amendment.id}/support`)).body.supportCount).toBe(1);

    const detail = (await lea.get(`/api/amendments/${amendment.id}`)).body;
    expect(detail.revisions).toEqual([expect.objectContaining({ revision: 1, text: 'New wording.', rationale: 'Shorter.' })]);
    expect(detail.supporters.map((s: any) => s.displayName)).toEqual([organiser.displayName]);

    expect((await yanis.post(`/api/amendments/${amendment.id}/withdraw`)).body.error.code).toBe('not_author');
    expect((await lea.post(`/api/amendments/${amendment.id}/withdraw`)).body.status).toBe('withdrawn');
    expect((await lea.post(`/api/amendments/${amendment.id}/withdraw`)).body.error.code).toBe('amendment_closed');
    expect((await organiser.post(`/api/amendments/${amendment.id}/support`)).body.error.code).toBe('amendment_closed');
  });
});

describe('posting limits', () => {
  it('limits how fast one person can post proposals', async () => {
    const limited = await startServer({ postRateLimit: 2 });
    try {
      const { slug, draft, lea, yanis } = await openDebate(limited, 3);
      const propose = (who: ApiClient, i: number) =>
        who.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[i % 3].id, rationale: `r${i}` });
      const statuses = [];
      for (let i = 0; i < 3; i++) statuses.push((await propose(lea, i)).status);
      expect(statuses).toEqual([201, 201, 429]);
      // The limit is per person: someone else can still post.
      expect((await propose(yanis, 0)).status).toBe(201);
    } finally {
      await limited.close();
    }
  });
});

describe('support toggling', () => {
  it('limits how fast one person can toggle support', async () => {
    const limited = await startServer({ postRateLimit: 3 });
    try {
      const { slug, draft, lea, yanis } = await openDebate(limited, 3);
      const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[0].id, rationale: 'x' });
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await yanis.request(i % 2 ? 'DELETE' : 'POST', `/api/amendments/${amendment.id}/support`)).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('leaves no trace of a support withdrawn before it settled, and records one that stood', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[0].id, rationale: 'x' });
    const path = `/api/amendments/${amendment.id}/support`;
    const supportEntries = async () =>
      (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries.filter((e: any) => e.type.startsWith('amendment.') && e.type.endsWith('supported')).map((e: any) => e.type);

    for (let i = 0; i < 3; i++) {
      expect((await yanis.post(path)).body.supportCount).toBe(1);
      expect((await yanis.request('DELETE', path)).body.supportCount).toBe(0);
    }
    expect((await yanis.post(path)).body.supportCount).toBe(1);
    await settleSupports(server.app.domain);
    expect(await supportEntries()).toEqual([]);

    // Once the support has stood for the settling time, it is written to the log, and withdrawing it is too.
    const { domain } = server.app;
    const realClock = domain.clock;
    domain.clock = () => new Date(Date.now() + domain.supportSettleMs);
    try {
      await settleSupports(domain);
    } finally {
      domain.clock = realClock;
    }
    expect(await supportEntries()).toEqual(['amendment.supported']);
    await yanis.request('DELETE', path);
    expect(await supportEntries()).toEqual(['amendment.supported', 'amendment.unsupported']);

    // A decision first records the supports still settling, so the log shows them before it.
    await yanis.post(path);
    await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'reject', reason: 'No.' });
    const types = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries.map((e: any) => e.type);
    expect(types.slice(-2)).toEqual(['amendment.supported', 'amendment.rejected']);
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit/verify`)).body.ok).toBe(true);
  });
});

describe('deciding amendments', () => {
  it('merges an accepted modification into the live draft that connected clients see', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server);
    const reader = connect(slug);
    await synced(reader);
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: draft.articles[2].id, title: 'Better rule', text: 'First paragraph.\n\n- one;\n- two.', rationale: 'Clearer.' });

    expect((await lea.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Mine' })).body.error.code).toBe('not_organiser');
    const { organiser: stranger } = await organiserWithRulebook(server, 1);
    expect((await stranger.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'x' })).body.error.code).toBe('not_organiser');
    expect((await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: ' ' })).body.error.code).toBe('validation_failed');

    const accepted = await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Agreed by the committee.' });
    expect(accepted.body).toMatchObject({ status: 'accepted', decisionReason: 'Agreed by the committee.', appliedTitle: 'Better rule', appliedText: 'First paragraph.\n\n- one;\n- two.', decidedBy: { displayName: organiser.displayName } });
    await waitFor(() => readDraft(reader.doc).articles[2]!.title === 'Better rule', 5000, 'the reader to see the merge');
    expect(readDraft(reader.doc).articles[2]).toMatchObject({ id: draft.articles[2].id, number: 3, text: 'First paragraph.\n\n- one;\n- two.' });
    expect((await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'reject', reason: 'Changed my mind' })).body.error.code).toBe('amendment_closed');
  });

  it('inserts and deletes articles, renumbering the rest, and closes amendments on a deleted article', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const editor = connect(slug, organiser.cookieHeader());
    await synced(editor);
    const ids = draft.articles.map((a: any) => a.id);
    const { body: insert } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'insert', afterArticleId: ids[0], title: 'Inserted', text: 'New rule.', rationale: 'Missing.' });
    const { body: atStart } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'insert', afterArticleId: null, title: 'Definitions', text: 'Words.', rationale: 'Missing.' });
    const { body: remove } = await yanis.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: ids[2], rationale: 'Redundant.' });
    const { body: doomed } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: ids[2], text: 'Reworded.', rationale: 'x' });

    await organiser.post(`/api/amendments/${insert.id}/decision`, { decision: 'accept', reason: 'Useful.' });
    await organiser.post(`/api/amendments/${atStart.id}/decision`, { decision: 'accept', reason: 'Useful.' });
    await waitFor(() => readDraft(editor.doc).articles.length === 6, 5000, 'two inserts');
    expect(numberedTitles(editor.doc)).toEqual(['1:Definitions', '2:Rule 1', '3:Inserted', '4:Rule 2', '5:Rule 3', '6:Rule 4']);
    expect(readDraft(editor.doc).articles[2]!.id).toBe(insert.articleId);

    await organiser.post(`/api/amendments/${remove.id}/decision`, { decision: 'accept', reason: 'Agreed.' });
    await waitFor(() => readDraft(editor.doc).articles.length === 5, 5000, 'the deletion');
    expect(numberedTitles(editor.doc)).toEqual(['1:Definitions', '2:Rule 1', '3:Inserted', '4:Rule 2', '5:Rule 4']);
    const closed = (await lea.get(`/api/amendments/${doomed.id}`)).body;
    expect(closed).toMatchObject({ status: 'rejected', decisionReason: `Article deleted by amendment #${remove.number}.` });
  });

  it('merges an amendment with the organiser’s edits made since its proposal, when they touch different words', async () => {
    const { organiser, slug, draft, lea } = await openDebate(server);
    const editor = connect(slug, organiser.cookieHeader());
    await synced(editor);
    const article = draft.articles[0];
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: `${article.text} Proposed ending.`, rationale: 'x' });
    typeInArticle(editor.doc, article.id, 'Organiser edit. ');
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text.startsWith('Organiser edit.'));
    expect((await lea.get(`/api/amendments/${amendment.id}`)).body).toMatchObject({ outdated: true, preview: 'clean' });
    expect((await lea.get(`/api/amendments/${amendment.id}`)).body.currentDiff.text[0]).toEqual({ op: 'insert', text: 'Organiser edit. ' });

    const merged = `Organiser edit. ${article.text} Proposed ending.`;
    const ok = await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Good' });
    expect(ok.body).toMatchObject({ status: 'accepted', merged: true, appliedText: merged });
    await waitFor(() => readDraft(editor.doc).articles[0]!.text === merged, 5000, 'the merged text');
  });

  it('merges exactly one of two conflicting amendments accepted at the same time, losing no text', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const { person: second } = await personWithRole(server, organiser, slug, 'organiser', 'second');
    const article = draft.articles[1];
    const { body: a } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: 'Version A.', rationale: 'a' });
    const { body: b } = await yanis.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: 'Version B.', rationale: 'b' });
    const results = await Promise.all([
      organiser.post(`/api/amendments/${a.id}/decision`, { decision: 'accept', reason: 'A wins' }),
      second.post(`/api/amendments/${b.id}/decision`, { decision: 'accept', reason: 'B wins' }),
    ]);
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 409]);
    const winner = results.find((r) => r.status === 200)!.body;
    const loser = results.find((r) => r.status === 409)!.body;
    expect(loser.error.code).toBe('amendment_conflict');
    expect(loser.error.details.current.text).toBe(winner.appliedText);
    const text = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text;
    expect(text).toBe(winner.appliedText);
    // The losing proposal is still open and still holds its wording.
    const other = (await organiser.get(`/api/amendments/${winner.id === a.id ? b.id : a.id}`)).body;
    expect(other).toMatchObject({ status: 'open' });
  });

  it('rejects with a public reason, and lists amendments by support or recency', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server);
    const { body: first } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[3].id, rationale: 'x' });
    const { body: second } = await yanis.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[2].id, rationale: 'y' });
    await yanis.post(`/api/amendments/${first.id}/support`);
    const bySupport = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/amendments?sort=support`)).body;
    expect(bySupport.map((x: any) => x.id)).toEqual([first.id, second.id]);
    const recent = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/amendments?sort=recent`)).body;
    expect(recent.map((x: any) => x.id)).toEqual([second.id, first.id]);

    const rejected = await organiser.post(`/api/amendments/${second.id}/decision`, { decision: 'reject', reason: 'Article 3 is needed for the prizes.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', decisionReason: 'Article 3 is needed for the prizes.' });
    const open = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/amendments?status=open`)).body;
    expect(open.map((x: any) => x.id)).toEqual([first.id]);
    const onArticle = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/amendments?articleId=${draft.articles[2].id}`)).body;
    expect(onArticle.map((x: any) => x.id)).toEqual([second.id]);
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles).toHaveLength(4);

    const audit = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries.map((e: any) => e.type);
    expect(audit).toEqual(expect.arrayContaining(['window.set', 'membership.set', 'amendment.created', 'amendment.rejected']));
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit/verify`)).body).toMatchObject({ ok: true, brokenAt: null });
  });
});
