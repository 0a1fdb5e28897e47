import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, waitFor } from './helpers/client.js';
import { openDebate } from './helpers/fixtures.js';
import { setWindow, storedRows } from './helpers/comments.js';
import { TextLimit } from '../shared/validation/limits.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const HOUR = 3600_000;
const threadPath = (amendmentId: string) => `/api/amendments/${amendmentId}/comments`;
const errorOf = (res: { status: number; body: any }) => [res.status, res.body?.error?.code];

/** An open debate with one amendment by Léa rewording its first article. */
async function debateWithAmendment() {
  const debate = await openDebate(server);
  const article = debate.draft.articles[0].id;
  const proposed = await debate.lea.post(`/api/rulebooks/${debate.slug}/amendments`, { kind: 'modify', articleId: article, text: 'Members meet twice a year.', rationale: 'Once is not enough.' });
  expect(proposed.status).toBe(201);
  return { ...debate, article, amendment: proposed.body as { id: string; number: number } };
}

describe("an amendment's thread", () => {
  it('takes comments, replies and quotes of the proposed wording, listed to anyone oldest first, apart from the article thread', async () => {
    const { slug, article, amendment, lea, yanis } = await debateWithAmendment();
    const first = await yanis.post(threadPath(amendment.id), { body: '  Why twice? See #1.  ', quote: 'twice a year' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ amendmentId: amendment.id, articleId: article, parentId: null, body: 'Why twice? See #1.', quote: 'twice a year', anchor: { status: 'none' }, mine: true });
    const reply = await lea.post(threadPath(amendment.id), { body: 'Because the season is long.', parentId: first.body.id });
    expect(reply.status).toBe(201);
    expect(reply.body).toMatchObject({ amendmentId: amendment.id, parentId: first.body.id });

    const listed = await new ApiClient(server.url).get(threadPath(amendment.id));
    expect(listed.status).toBe(200);
    expect(listed.body.map((c: any) => [c.id, c.parentId, c.body, c.mine])).toEqual([
      [first.body.id, null, 'Why twice? See #1.', false],
      [reply.body.id, first.body.id, 'Because the season is long.', false],
    ]);
    // The amendment's card counts its thread (the anonymous list is cached: a comment invalidates it).
    const listedAmendments = await new ApiClient(server.url).get(`/api/rulebooks/${slug}/amendments`);
    expect(listedAmendments.body.find((a: any) => a.id === amendment.id).commentCount).toBe(2);
    // The article's own thread and its count do not take in the amendment's debate.
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/articles/${article}/comments`)).body).toEqual([]);
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/comments/counts`)).body.counts).toEqual({});

    // The audit log names the thread. The amendment's author (who follows it) hears of the comment, and the
    // person replied to of the reply, each with a link to the amendment.
    const audit = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit`)).body;
    expect(JSON.stringify(audit)).toContain(amendment.id);
    const toldOf = (who: typeof lea) =>
      waitFor(async () => ((await who.get('/api/notifications')).body.items as any[]).find((n) => n.payload.type === 'amendment.commented'), 10_000, 'a notice');
    expect(await toldOf(lea)).toMatchObject({ kind: 'replies', path: `/r/${slug}/amendments/${amendment.id}`, payload: { number: amendment.number, actorName: yanis.displayName, excerpt: 'Why twice? See #1.' } });
    expect(await toldOf(yanis)).toMatchObject({ path: `/r/${slug}/amendments/${amendment.id}`, payload: { actorName: lea.displayName, excerpt: 'Because the season is long.' } });
    expect(((await lea.get('/api/notifications')).body.items as any[]).filter((n) => n.payload.type === 'amendment.commented')).toHaveLength(1);
  });

  it('refuses mistakes with stable codes, storing only the comments made right', async () => {
    const { slug, article, amendment, lea, yanis } = await debateWithAmendment();
    const before = await storedRows(server);
    const post = (body: unknown) => yanis.post(threadPath(amendment.id), body);
    expect(errorOf(await post({ body: '' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: 'x'.repeat(TextLimit.commentBody + 1) }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: 'Hi', mood: 'angry' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await yanis.post(threadPath('not a valid id'), { body: 'Hi' }))).toEqual([400, 'validation_failed']);
    expect(errorOf(await post({ body: 'Hi', quote: 'not in the proposal' }))).toEqual([422, 'quote_not_found']);
    expect(errorOf(await yanis.post(threadPath('no-such-amendment'), { body: 'Hi' }))).toEqual([404, 'amendment_not_found']);
    expect(errorOf(await new ApiClient(server.url).get(threadPath('no-such-amendment')))).toEqual([404, 'amendment_not_found']);
    const draft = (await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: article, rationale: 'Useless.', draft: true })).body;
    expect(draft.status).toBe('draft');
    expect(errorOf(await yanis.post(threadPath(draft.id), { body: 'Hi' }))).toEqual([409, 'amendment_not_filed']);
    // A reply stays within its thread: not to a comment on the article, nor in another amendment's thread.
    const onArticle = (await lea.post(`/api/rulebooks/${slug}/articles/${article}/comments`, { body: 'On the article.' })).body;
    expect(errorOf(await post({ body: 'Hi', parentId: onArticle.id }))).toEqual([404, 'comment_not_found']);
    expect(errorOf(await lea.post(`/api/rulebooks/${slug}/articles/${article}/comments`, { body: 'Hi', parentId: (await post({ body: 'In the thread.' })).body.id }))).toEqual([404, 'comment_not_found']);
    const after = await storedRows(server);
    expect(after.comments).toBe(before.comments + 2);
  });

  it('is open to signed-in participants while the consultation is open, and to organisers after', async () => {
    const { organiser, slug, amendment, yanis } = await debateWithAmendment();
    expect(errorOf(await new ApiClient(server.url).post(threadPath(amendment.id), { body: 'Anonymous' }))).toEqual([401, 'not_signed_in']);
    await setWindow(organiser, slug, -2 * HOUR, -HOUR);
    expect(errorOf(await yanis.post(threadPath(amendment.id), { body: 'Too late' }))).toEqual([409, 'consultation_closed']);
    expect((await organiser.post(threadPath(amendment.id), { body: 'Closing remarks.' })).status).toBe(201);
  });

  it('is moderated like an article thread: hidden by an organiser with a public reason, reported, edited, deleted', async () => {
    const { organiser, slug, amendment, lea, yanis } = await debateWithAmendment();
    const { body: rude } = await yanis.post(threadPath(amendment.id), { body: 'Something rude.' });
    expect(errorOf(await lea.post(`/api/comments/${rude.id}/hide`, { reason: 'Insults.' }))).toEqual([403, 'not_organiser']);
    expect((await lea.post(`/api/comments/${rude.id}/report`, {})).status).toBe(204);
    // The organisers' queue says which thread the reported comment is in.
    const queue = (await organiser.get(`/api/rulebooks/${slug}/moderation`)).body;
    expect(queue.waiting).toEqual([expect.objectContaining({ commentId: rude.id, amendmentId: amendment.id })]);
    const hidden = await organiser.post(`/api/comments/${rude.id}/hide`, { reason: 'Insults another participant.' });
    expect(hidden.status).toBe(200);
    const [seen] = (await new ApiClient(server.url).get(threadPath(amendment.id))).body;
    expect(seen).toMatchObject({ id: rude.id, body: null, hidden: { reason: 'Insults another participant.', by: organiser.displayName } });

    const { body: mine } = await lea.post(threadPath(amendment.id), { body: 'First try.' });
    expect((await lea.request('PATCH', `/api/comments/${mine.id}`, { body: 'Second try.' })).body).toMatchObject({ body: 'Second try.', amendmentId: amendment.id });
    expect((await lea.request('DELETE', `/api/comments/${mine.id}`)).status).toBe(204);
    expect((await new ApiClient(server.url).get(threadPath(amendment.id))).body.map((c: any) => c.body)).toEqual([null, null]);
  });
});
