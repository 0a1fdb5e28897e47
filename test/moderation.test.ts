import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { openDebate, personWithRole } from './helpers/fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const commentsPath = (slug: string, articleId: string) => `/api/rulebooks/${slug}/articles/${articleId}/comments`;
const errorOf = (res: { status: number; body: any }) => [res.status, res.body?.error?.code];
const auditOf = async (slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries as any[];

/** A debate with one comment by Léa on the first article, and a third member, Noé, to report it. */
async function reportedDebate() {
  const debate = await openDebate(server);
  const { person: noe } = await personWithRole(server, debate.organiser, debate.slug, 'member', 'Noé');
  const article = debate.draft.articles[0].id;
  const comment = (await debate.lea.post(commentsPath(debate.slug, article), { body: 'Les juges sont tous vendus.' })).body;
  return { ...debate, noe, article, comment };
}

describe('the moderation queue', () => {
  it('takes a report to the queue, hides the comment with a public reason, and records it in the history', async () => {
    const { organiser, slug, lea, yanis, noe, article, comment } = await reportedDebate();
    const queuePath = `/api/rulebooks/${slug}/moderation`;
    expect((await organiser.get(`${queuePath}/count`)).body).toEqual({ waiting: 0 });

    expect((await yanis.post(`/api/comments/${comment.id}/report`, { reason: 'Accusation sans preuve' })).status).toBe(204);
    expect((await noe.post(`/api/comments/${comment.id}/report`, {})).status).toBe(204);
    expect(errorOf(await noe.post(`/api/comments/${comment.id}/report`, {}))).toEqual([409, 'already_reported']);

    // The badge counts comments, not reports; the queue gives counts and reasons, never who reported.
    expect((await organiser.get(`${queuePath}/count`)).body).toEqual({ waiting: 1 });
    const queue = (await organiser.get(queuePath)).body;
    expect(queue).toMatchObject({ autoHideAfter: null, hidden: [] });
    expect(queue.waiting).toEqual([
      expect.objectContaining({
        commentId: comment.id,
        articleId: article,
        articleNumber: 1,
        body: 'Les juges sont tous vendus.',
        author: { id: expect.any(String), displayName: lea.displayName },
        hidden: null,
        reports: { total: 2, waiting: 2, reasons: [{ reason: 'Accusation sans preuve', at: expect.any(String) }] },
      }),
    ]);
    expect(JSON.stringify(queue)).not.toContain(yanis.displayName);
    expect(JSON.stringify(queue)).not.toContain(noe.displayName);

    // The queue and the setting are the organisers' alone.
    for (const who of [lea, new ApiClient(server.url)]) {
      expect((await who.get(queuePath)).status).toBeGreaterThanOrEqual(401);
      expect((await who.get(`${queuePath}/count`)).status).toBeGreaterThanOrEqual(401);
    }
    expect(errorOf(await lea.post(`/api/comments/${comment.id}/hide`, { reason: 'Non' }))).toEqual([403, 'not_organiser']);

    const hidden = await organiser.post(`/api/comments/${comment.id}/hide`, { reason: 'Attaque personnelle envers le jury' });
    expect(hidden.body.hidden).toMatchObject({ reason: 'Attaque personnelle envers le jury', by: organiser.displayName });
    expect((await organiser.get(`${queuePath}/count`)).body).toEqual({ waiting: 0 });
    const after = (await organiser.get(queuePath)).body;
    expect(after.waiting).toEqual([]);
    expect(after.hidden).toEqual([expect.objectContaining({ commentId: comment.id, hidden: expect.objectContaining({ reason: 'Attaque personnelle envers le jury' }), reports: expect.objectContaining({ total: 2, waiting: 0 }) })]);

    // Readers see that it was hidden and why, not what it said.
    const [publicView] = (await new ApiClient(server.url).get(commentsPath(slug, article))).body;
    expect(publicView).toMatchObject({ body: null, hidden: { reason: 'Attaque personnelle envers le jury', by: organiser.displayName }, reportCount: null });

    const entries = await auditOf(slug);
    expect(entries.filter((e) => e.type === 'comment.reported')).toHaveLength(2);
    expect(entries.filter((e) => e.type === 'comment.reported').every((e) => e.actor === null && Object.keys(e.payload).sort().join() === 'articleId,commentId')).toBe(true);
    expect(entries.find((e) => e.type === 'comment.hidden')).toMatchObject({ actor: { name: organiser.displayName }, payload: { commentId: comment.id, reason: 'Attaque personnelle envers le jury' } });
    expect(JSON.stringify(entries)).not.toContain('Accusation sans preuve');
    const moderation = entries.filter((e) => e.type.startsWith('comment.'));
    for (const reporter of [yanis, noe]) {
      const { id } = (await reporter.get('/api/me')).body;
      expect(id).toEqual(expect.any(String));
      expect(JSON.stringify(moderation)).not.toContain(id);
    }
  });

  it('restores a hidden comment with a public reason, recorded as comment.restored', async () => {
    const { organiser, slug, lea, article, comment } = await reportedDebate();
    expect(errorOf(await organiser.post(`/api/comments/${comment.id}/restore`, { reason: 'Rien à cacher' }))).toEqual([409, 'comment_not_hidden']);
    await organiser.post(`/api/comments/${comment.id}/hide`, { reason: 'Hors sujet' });
    expect(errorOf(await lea.post(`/api/comments/${comment.id}/restore`, { reason: 'Mon droit' }))).toEqual([403, 'not_organiser']);

    const restored = await organiser.post(`/api/comments/${comment.id}/restore`, { reason: 'Relu : le propos reste dans le débat' });
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ body: 'Les juges sont tous vendus.', hidden: null });
    const [publicView] = (await new ApiClient(server.url).get(commentsPath(slug, article))).body;
    expect(publicView).toMatchObject({ body: 'Les juges sont tous vendus.', hidden: null });
    expect((await organiser.get(`/api/rulebooks/${slug}/moderation`)).body.hidden).toEqual([]);
    expect((await auditOf(slug)).at(-1)).toMatchObject({
      type: 'comment.restored',
      actor: { name: organiser.displayName },
      payload: { commentId: comment.id, articleId: article, reason: 'Relu : le propos reste dans le débat' },
    });
  });

  it('keeps a reported comment visible and takes it out of the queue until someone reports it again', async () => {
    const { organiser, slug, yanis, noe, comment } = await reportedDebate();
    expect(errorOf(await organiser.post(`/api/comments/${comment.id}/keep`, {}))).toEqual([409, 'nothing_to_review']);
    await yanis.post(`/api/comments/${comment.id}/report`, { reason: 'Je ne suis pas d’accord' });
    const kept = await organiser.post(`/api/comments/${comment.id}/keep`, { reason: 'Un désaccord n’est pas un abus' });
    expect(kept.body).toMatchObject({ body: 'Les juges sont tous vendus.', hidden: null });
    expect((await organiser.get(`/api/rulebooks/${slug}/moderation/count`)).body).toEqual({ waiting: 0 });
    expect((await auditOf(slug)).at(-1)).toMatchObject({ type: 'comment.kept', payload: { commentId: comment.id, reports: 1, reason: 'Un désaccord n’est pas un abus' } });
    await noe.post(`/api/comments/${comment.id}/report`, {});
    expect((await organiser.get(`/api/rulebooks/${slug}/moderation`)).body.waiting[0].reports).toMatchObject({ total: 2, waiting: 1 });
  });

  it('hides a comment automatically after the threshold of reports the organisers set, until an organiser reviews it', async () => {
    const { organiser, slug, lea, yanis, noe, article, comment } = await reportedDebate();
    const settings = `/api/rulebooks/${slug}/moderation/settings`;
    expect(errorOf(await lea.request('PATCH', settings, { autoHideAfter: 1 }))).toEqual([403, 'not_organiser']);
    expect((await organiser.request('PATCH', settings, { autoHideAfter: -1 })).status).toBe(400);
    expect((await organiser.request('PATCH', settings, { autoHideAfter: 2 })).body).toEqual({ autoHideAfter: 2 });
    expect((await auditOf(slug)).at(-1)).toMatchObject({ type: 'moderation.auto_hide_set', actor: { name: organiser.displayName }, payload: { autoHideAfter: 2 } });

    await yanis.post(`/api/comments/${comment.id}/report`, {});
    expect((await new ApiClient(server.url).get(commentsPath(slug, article))).body[0].hidden).toBeNull();
    await noe.post(`/api/comments/${comment.id}/report`, { reason: 'Diffamation' });
    const [publicView] = (await new ApiClient(server.url).get(commentsPath(slug, article))).body;
    expect(publicView).toMatchObject({ body: null, hidden: { reason: '', by: '' } });
    const automatic = (await auditOf(slug)).at(-1);
    expect(automatic).toMatchObject({ type: 'comment.hidden', actor: null, payload: { commentId: comment.id, automatic: true, reports: 2 } });

    // It waits in the queue, hidden, for an organiser to confirm with a reason or restore it.
    const queue = (await organiser.get(`/api/rulebooks/${slug}/moderation`)).body;
    expect(queue.autoHideAfter).toBe(2);
    expect(queue.waiting).toEqual([expect.objectContaining({ commentId: comment.id, hidden: expect.objectContaining({ by: null }), reports: expect.objectContaining({ waiting: 2 }) })]);
    const confirmed = await organiser.post(`/api/comments/${comment.id}/hide`, { reason: 'Diffamation envers le jury' });
    expect(confirmed.body.hidden).toMatchObject({ reason: 'Diffamation envers le jury', by: organiser.displayName });
    expect((await organiser.get(`/api/rulebooks/${slug}/moderation/count`)).body).toEqual({ waiting: 0 });

    // Cleared, the setting hides nothing more.
    expect((await organiser.request('PATCH', settings, { autoHideAfter: 0 })).body).toEqual({ autoHideAfter: null });
    const other = (await lea.post(commentsPath(slug, article), { body: 'Autre remarque.' })).body;
    await yanis.post(`/api/comments/${other.id}/report`, {});
    await noe.post(`/api/comments/${other.id}/report`, {});
    expect((await new ApiClient(server.url).get(commentsPath(slug, article))).body.find((c: any) => c.id === other.id).hidden).toBeNull();
  });
});
