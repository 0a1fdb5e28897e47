import type { TestServer } from './server.js';
import { openDebate } from './fixtures.js';
import { setWindow } from './comments.js';
import { ok } from './report-story.js';

export const HOUR = 3600_000;

/**
 * A small consultation for the organiser's desk, closing in two and a half days with a co-signing threshold of 1:
 * on article 1 two open amendments outdated by an accepted one (Léa's supported by Yanis); on article 2 a deletion
 * co-signed by Yanis (owed an answer); a thread on article 3 nobody answered (and reported), one on article 2 the
 * organiser answered, and one on article 1 only Léa answered.
 */
export async function deskStory(server: TestServer) {
  const debate = await openDebate(server, 3);
  const { organiser, slug, lea, yanis } = debate;
  const [a1, a2, a3] = debate.draft.articles.map((a: any) => a.id) as string[];
  await setWindow(organiser, slug, -HOUR, 60 * HOUR);
  await ok(organiser.request('PUT', `/api/rulebooks/${slug}/cosigning`, { threshold: 1 }));
  const propose = (who: typeof lea, body: object) => ok(who.post(`/api/rulebooks/${slug}/amendments`, { rationale: 'Parce que.', ...body }), 201);
  const comment = (who: typeof lea, article: string, body: string, parentId?: string) =>
    ok(who.post(`/api/rulebooks/${slug}/articles/${article}/comments`, { body, ...(parentId ? { parentId } : {}) }), 201);

  const yanisVersion = await propose(yanis, { kind: 'modify', articleId: a1, text: 'Version de Yanis.' });
  const leaVersion = await propose(lea, { kind: 'modify', articleId: a1, text: 'Version de Léa.' });
  await ok(yanis.post(`/api/amendments/${leaVersion.id}/support`));
  const accepted = await propose(yanis, { kind: 'modify', articleId: a1, text: 'Version retenue.' });
  await ok(organiser.post(`/api/amendments/${accepted.id}/decision`, { decision: 'accept', reason: 'Plus simple.' }));
  const cosigned = await propose(lea, { kind: 'delete', articleId: a2, draft: true });
  await ok(yanis.post(`/api/amendments/${cosigned.id}/cosign`));
  await ok(lea.post(`/api/amendments/${cosigned.id}/file`));

  const unanswered = await comment(lea, a3, 'Qui fixe les dates du concours ?');
  await ok(yanis.post(`/api/comments/${unanswered.id}/report`, { reason: 'Doublon' }), 204);
  const answered = await comment(yanis, a2, 'Pourquoi supprimer cet article ?');
  await comment(organiser, a2, 'Nous en discutons jeudi.', answered.id);
  const betweenMembers = await comment(yanis, a1, 'La nouvelle version est-elle définitive ?');
  await comment(lea, a1, 'Je ne crois pas.', betweenMembers.id);
  return { ...debate, a1, a2, a3, yanisVersion, leaVersion, accepted, cosigned, unanswered, answered, betweenMembers };
}
