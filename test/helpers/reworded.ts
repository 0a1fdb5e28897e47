import { expect } from 'vitest';
import { ApiClient } from './client.js';
import { openConsultation, personWithRole, uniqueSlug } from './fixtures.js';
import type { TestServer } from './server.js';

const RULES = `# Règlement du prix de l'engagement local

## Article 1 – Dotation

Le premier prix est doté de 1 500 € ; il est remis le 12 mars 2027.

## Article 2 – Engagements

Le lauréat s'engage à exercer son activité dans la commune pendant un an.
`;

/**
 * A French rulebook released as 0.1, then as 1.0 after two rewordings by a member were accepted: a new amount and
 * date in Article 1, a rephrased passage in Article 2. Returns its slug and the two amendments.
 */
export async function rewordedRulebook(server: TestServer) {
  const organiser = new ApiClient(server.url);
  await organiser.signUp('Camille Dubois');
  const slug = uniqueSlug('prix');
  await organiser.post('/api/rulebooks', { slug, title: 'Prix', language: 'fr' });
  const { body: draft } = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: RULES });
  await openConsultation(organiser, slug);
  const { person: lea } = await personWithRole(server, organiser, slug, 'member', 'Léa');
  await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '0.1' });
  const rewordings = [
    { articleId: draft.articles[0].id, text: 'Le premier prix est doté de 2 000 € ; il est remis le 3 avril 2027.' },
    { articleId: draft.articles[1].id, text: "Le lauréat s'engage à animer une communauté dans la commune pendant un an." },
  ];
  const amendments = [];
  for (const rewording of rewordings) {
    const { body } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', ...rewording, rationale: 'Plus juste.' });
    amendments.push(body);
    expect((await organiser.post(`/api/amendments/${body.id}/decision`, { decision: 'accept', reason: 'Oui.' })).status).toBe(200);
  }
  await organiser.post(`/api/rulebooks/${slug}/releases`, { version: '1.0' });
  return { slug, amendments };
}
