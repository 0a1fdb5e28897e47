import { expect } from 'vitest';
import { openConsultation, organiserWithRulebook } from './fixtures.js';
import type { TestServer } from './server.js';

const t = (text: string) => ({ type: 'text', text });
const p = (...content: object[]) => ({ type: 'paragraph', content });

/** A reference to article `target` in an amendment's content (`extra`: other attributes sent with it). */
export const ref = (target: string, label: string, extra: Record<string, unknown> = {}) => ({ type: 'article_ref', attrs: { target, word: 'article', label, ...extra } });

/** Article 3's body in `referencingRulebook`, its reference given as `reference`. */
export const disputes = (reference: object, words = 'the jury') => [p(t(`Disputes go to ${words} (see `), reference, t(').'))];

/**
 * Twelve articles in an open consultation; article 3 is given a reference to article 12 by an accepted amendment
 * (sent with a number of its own, which is not stored). `accept` proposes and accepts another amendment.
 */
export async function referencingRulebook(server: TestServer) {
  const setup = await organiserWithRulebook(server, 12);
  await openConsultation(setup.organiser, setup.slug);
  const [third, twelfth] = [setup.draft.articles[2], setup.draft.articles[11]];
  const accept = async (body: Record<string, unknown>) => {
    const proposed = await setup.organiser.post(`/api/rulebooks/${setup.slug}/amendments`, { rationale: 'x', ...body });
    expect(proposed.status, JSON.stringify(proposed.body)).toBe(201);
    const decided = await setup.organiser.post(`/api/amendments/${proposed.body.id}/decision`, { decision: 'accept', reason: 'Adopté.' });
    expect(decided.status, JSON.stringify(decided.body)).toBe(200);
    return proposed.body;
  };
  const amendment = await accept({ kind: 'modify', articleId: third.id, content: disputes(ref(twelfth.id, '12', { n: 99 })) });
  return { ...setup, third, twelfth, amendment, accept };
}

/** `referencingRulebook` released as 1.0, then as 2.0 after an article inserted after article 5 made article 12 article 13. */
export async function renumberedReference(server: TestServer) {
  const setup = await referencingRulebook(server);
  const { organiser, slug, accept } = setup;
  expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' })).status).toBe(201);
  const fifth = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[4];
  await accept({ kind: 'insert', afterArticleId: fifth.id, title: 'Appeals', text: 'Appeals are heard within a week.' });
  expect((await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '2.0' })).status).toBe(201);
  return setup;
}
