import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { openDebate, personWithRole } from './helpers/fixtures.js';
import { setWindow } from './helpers/comments.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const HOUR = 3600_000;
type Debate = Awaited<ReturnType<typeof openDebate>>;

/** Léa opens a draft amendment deleting the first article. */
async function leaDrafts(debate: Debate, draft = true) {
  const res = await debate.lea.post(`/api/rulebooks/${debate.slug}/amendments`, { kind: 'delete', articleId: debate.draft.articles[0].id, rationale: 'Useless.', ...(draft ? { draft: true } : {}) });
  expect(res.status).toBe(201);
  return res.body;
}

const listedIds = async (client: ApiClient, slug: string, query = '') => (await client.get(`/api/rulebooks/${slug}/amendments${query}`)).body.map((a: { id: string }) => a.id);
const auditOf = async (slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries as { type: string; actor: { name: string } | null; payload: Record<string, unknown> }[];

describe('co-signed amendments', () => {
  it('goes from a draft, shared by its link, through co-signers, to a filed amendment in the history', async () => {
    const debate = await openDebate(server);
    const { slug, lea, yanis, organiser } = debate;
    const auditBefore = (await auditOf(slug)).length;
    const draft = await leaDrafts(debate);
    expect(draft).toMatchObject({ status: 'draft', number: 0, cosignerCount: 0, mine: true });

    // Unlisted for everyone but its author, left out of the history and the report; the link works for anyone.
    expect(await listedIds(new ApiClient(server.url), slug)).not.toContain(draft.id);
    expect(await listedIds(yanis, slug)).not.toContain(draft.id);
    expect(await listedIds(organiser, slug, '?status=draft')).toEqual([]);
    expect(await listedIds(lea, slug)).toContain(draft.id);
    expect((await auditOf(slug)).length).toBe(auditBefore);
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/report`)).body.totals.amendments).toBe(0);
    const byLink = await new ApiClient(server.url).get(`/api/amendments/${draft.id}`);
    expect(byLink.body).toMatchObject({ status: 'draft', cosigners: [] });

    const cosigned = await yanis.post(`/api/amendments/${draft.id}/cosign`);
    expect(cosigned.body).toMatchObject({ cosignerCount: 1, cosignedByMe: true });
    expect((await organiser.post(`/api/amendments/${draft.id}/cosign`)).status).toBe(200);
    expect((await auditOf(slug)).length).toBe(auditBefore);

    const filed = await lea.post(`/api/amendments/${draft.id}/file`);
    expect(filed.body).toMatchObject({ status: 'open', number: 1, cosignerCount: 2 });
    const detail = (await new ApiClient(server.url).get(`/api/amendments/${draft.id}`)).body;
    expect(detail.cosigners.map((c: { displayName: string }) => c.displayName)).toEqual([yanis.displayName, organiser.displayName]);
    expect(await listedIds(new ApiClient(server.url), slug)).toEqual([draft.id]);
    const entries = (await auditOf(slug)).slice(auditBefore);
    expect(entries.map((e) => [e.type, e.actor?.name, e.payload.number])).toEqual([
      ['amendment.filed', lea.displayName, 1],
      ['amendment.cosigned', yanis.displayName, 1],
      ['amendment.cosigned', organiser.displayName, 1],
    ]);
    expect(entries[0]!.payload.cosigners).toBe(2);

    // Filed, it can still be co-signed: that is recorded at once.
    const { person: sam } = await personWithRole(server, organiser, slug, 'member', 'Sam');
    expect((await sam.post(`/api/amendments/${draft.id}/cosign`)).body.cosignerCount).toBe(3);
    expect((await auditOf(slug)).at(-1)).toMatchObject({ type: 'amendment.cosigned', actor: { name: sam.displayName } });
  });

  it('takes one co-signature per person, never the author’s, and only from those the policy lets take part', async () => {
    const debate = await openDebate(server);
    const { slug, lea, yanis, organiser } = debate;
    const draft = await leaDrafts(debate);
    const cosign = (client: ApiClient) => client.post(`/api/amendments/${draft.id}/cosign`);
    expect([(await cosign(lea)).status, (await cosign(lea)).body.error.code]).toEqual([403, 'own_amendment_cosign']);
    expect((await cosign(yanis)).status).toBe(200);
    expect([(await cosign(yanis)).status, (await cosign(yanis)).body.error.code]).toEqual([409, 'already_cosigned']);
    expect((await cosign(new ApiClient(server.url))).body.error.code).toBe('not_signed_in');
    expect((await organiser.request('PUT', `/api/rulebooks/${slug}/participation`, { policy: 'members', domains: [] })).status).toBe(200);
    const outsider = new ApiClient(server.url);
    await outsider.signUp('outsider');
    expect((await cosign(outsider)).body.error.code).toBe('participation_not_allowed');
    expect((await yanis.get(`/api/amendments/${draft.id}`)).body.cosignerCount).toBe(1);

    // Only its author files it, once; a co-signed wording can no longer be changed; a draft cannot be supported or decided.
    expect((await yanis.post(`/api/amendments/${draft.id}/file`)).body.error.code).toBe('not_author');
    expect((await lea.request('PATCH', `/api/amendments/${draft.id}`, { rationale: 'Other.' })).body.error.code).toBe('amendment_locked');
    expect((await yanis.post(`/api/amendments/${draft.id}/support`)).body.error.code).toBe('amendment_closed');
    expect((await organiser.post(`/api/amendments/${draft.id}/decision`, { decision: 'reject', reason: 'No.' })).body.error.code).toBe('amendment_closed');
    expect((await lea.post(`/api/amendments/${draft.id}/file`)).status).toBe(200);
    expect((await lea.post(`/api/amendments/${draft.id}/file`)).body.error.code).toBe('amendment_not_draft');
  });

  it('owes a public answer past the threshold: the organisers’ inbox sorts those first and flags the overdue', async () => {
    const debate = await openDebate(server);
    const { slug, lea, yanis, organiser } = debate;
    await setWindow(organiser, slug, -HOUR, 3 * 24 * HOUR);
    expect((await lea.request('PUT', `/api/rulebooks/${slug}/cosigning`, { threshold: 1 })).body.error.code).toBe('not_organiser');
    expect((await organiser.request('PUT', `/api/rulebooks/${slug}/cosigning`, { threshold: 1 })).body).toEqual({ threshold: 1 });
    expect((await auditOf(slug)).at(-1)).toMatchObject({ type: 'cosigning.threshold_set', payload: { threshold: 1 } });

    const popular = await yanis.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: debate.draft.articles[1].id, rationale: 'Redundant.' });
    await lea.post(`/api/amendments/${popular.body.id}/support`);
    const cosigned = await leaDrafts(debate);
    await yanis.post(`/api/amendments/${cosigned.id}/cosign`);
    expect((await lea.post(`/api/amendments/${cosigned.id}/file`)).body).toMatchObject({ cosignThreshold: 1, answerDue: true, overdue: false });

    const inbox = async () => (await organiser.get(`/api/rulebooks/${slug}/amendments?status=open&sort=answer`)).body as { id: string; answerDue: boolean; overdue: boolean }[];
    expect(await listedIds(organiser, slug, '?status=open&sort=support')).toEqual([popular.body.id, cosigned.id]);
    expect((await inbox()).map((a) => [a.id, a.answerDue, a.overdue])).toEqual([
      [cosigned.id, true, false],
      [popular.body.id, false, false],
    ]);

    // The consultation closes within the day: still unanswered, it is overdue; answered, it no longer is.
    await setWindow(organiser, slug, -HOUR, HOUR);
    expect((await inbox())[0]).toMatchObject({ id: cosigned.id, overdue: true });
    await organiser.post(`/api/amendments/${cosigned.id}/decision`, { decision: 'reject', reason: 'Article 1 stays: it defines the terms.' });
    expect((await organiser.get(`/api/amendments/${cosigned.id}`)).body).toMatchObject({ answerDue: true, overdue: false });

    expect((await organiser.request('PUT', `/api/rulebooks/${slug}/cosigning`, { threshold: 0 })).body).toEqual({ threshold: null });
    expect((await organiser.get(`/api/amendments/${cosigned.id}`)).body).toMatchObject({ cosignThreshold: null, answerDue: false });
  });
});
