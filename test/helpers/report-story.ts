import type { ApiClient } from './client.js';
import type { TestServer } from './server.js';
import { openDebate, personWithRole } from './fixtures.js';

/** The body of a response, or throw with its status and body when the status is not the expected one. */
export const ok = async <T = any>(promise: Promise<{ status: number; body: T }>, status = 200): Promise<T> => {
  const res = await promise;
  if (res.status !== status) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/**
 * The seed-like story: amendments accepted (one before 0.1, two before 0.2, one of them an insertion that renumbers
 * the articles after it), rejected, withdrawn and outdated; a thread answered by an organiser, a hidden comment
 * (reported first), an unanswered one.
 */
export async function consultationStory(server: TestServer) {
  const debate = await openDebate(server, 4);
  const { organiser, slug, lea, yanis } = debate;
  const { person: noe } = await personWithRole(server, organiser, slug, 'member', 'Noé');
  const [a1, a2, a3, a4] = debate.draft.articles.map((a: any) => a.id) as string[];
  const propose = (who: ApiClient, body: object) => ok(who.post(`/api/rulebooks/${slug}/amendments`, { rationale: 'Parce que.', ...body }), 201);
  const decide = (id: string, decision: 'accept' | 'reject', reason: string) => ok(organiser.post(`/api/amendments/${id}/decision`, { decision, reason }));
  const comment = (who: ApiClient, article: string, body: string, parentId?: string) =>
    ok(who.post(`/api/rulebooks/${slug}/articles/${article}/comments`, { body, ...(parentId ? { parentId } : {}) }), 201);

  const clearer = await propose(lea, { kind: 'modify', articleId: a2, text: 'Le jury se réunit deux fois.' });
  await ok(yanis.post(`/api/amendments/${clearer.id}/support`));
  await ok(noe.post(`/api/amendments/${clearer.id}/support`));
  await decide(clearer.id, 'accept', 'Plus clair.');
  const thread = await comment(lea, a2, 'Deux réunions suffisent-elles ?');
  await comment(organiser, a2, 'Oui, avec un vote en ligne.', thread.id);
  await ok(organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' }), 201);

  const rejected = await propose(yanis, { kind: 'modify', articleId: a3, text: 'Aucun prix en numéraire.' });
  await decide(rejected.id, 'reject', 'Hors du champ du règlement.');
  const withdrawn = await propose(lea, { kind: 'modify', articleId: a3, text: 'Retiré plus tard.' });
  await ok(lea.post(`/api/amendments/${withdrawn.id}/withdraw`));
  const outdated = await propose(lea, { kind: 'modify', articleId: a1, text: 'Version de Léa.' });
  const competing = await propose(yanis, { kind: 'modify', articleId: a1, text: 'Version de Yanis.' });
  await decide(competing.id, 'accept', 'Retenue.');
  const insertion = await propose(yanis, { kind: 'insert', afterArticleId: a1, title: 'Calendrier', text: 'Les dates sont publiées en janvier.' });
  await decide(insertion.id, 'accept', 'Utile.');
  await ok(organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.2' }), 201);

  const abusive = await comment(yanis, a3, 'Texte injurieux à ne jamais publier.');
  await ok(noe.post(`/api/comments/${abusive.id}/report`, { reason: 'Raison du signalement privée' }), 204);
  await ok(organiser.post(`/api/comments/${abusive.id}/hide`, { reason: 'Propos injurieux' }));
  const unanswered = await comment(lea, a4, 'Et les candidatures tardives ?');
  return { ...debate, noe, a1, a2, a3, a4, clearer, rejected, withdrawn, outdated, competing, insertion, thread, abusive, unanswered };
}

