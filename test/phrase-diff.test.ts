import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { openConsultation, personWithRole, uniqueSlug } from './helpers/fixtures.js';
import { pdfText } from './helpers/pdf-text.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const RULES = `# Règlement du prix de l'engagement local

## Article 1 – Dotation

Le premier prix est doté de 1 500 € ; il est remis le 12 mars 2027.

## Article 2 – Engagements

Le lauréat s'engage à exercer son activité dans la commune pendant un an.
`;

/** The changed runs of a diff, as `-old` and `+new`. */
const changes = (runs: Array<{ op: string; text: string }> | null) => (runs ?? []).filter((r) => r.op !== 'equal').map((r) => `${r.op === 'insert' ? '+' : '-'}${r.text}`);

/** A French rulebook released as 0.1, then as 1.0 after a member's two rewordings were accepted. */
async function rewordedRulebook() {
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

describe('phrase-level diffs', () => {
  it('reports a rephrasing and a new amount as one deletion and one insertion each, in the version diff and the amendment', async () => {
    const { slug, amendments } = await rewordedRulebook();
    const reader = new ApiClient(server.url);
    const diff = (await reader.get(`/api/rulebooks/${slug}/diff?from=0.1&to=1.0`)).body;
    expect(diff.articles.map((a: any) => [a.status, changes(a.text)])).toEqual([
      ['modified', ['-1 500 €', '+2 000 €', '-12 mars 2027', '+3 avril 2027']],
      ['modified', ['-exercer son activité', '+animer une communauté']],
    ]);

    const detail = (await reader.get(`/api/amendments/${amendments[1].id}`)).body;
    expect(changes(detail.diff.text)).toEqual(['-exercer son activité', '+animer une communauté']);
  });

  it('prints the amounts whole in the redline PDF', async () => {
    const { slug } = await rewordedRulebook();
    const res = await fetch(`${server.url}/api/rulebooks/${slug}/diff/pdf?from=0.1&to=1.0`);
    expect(res.status).toBe(200);
    const text = await pdfText(new Uint8Array(await res.arrayBuffer()));
    expect(text).toContain('doté de 1 500 €');
    expect(text).toMatch(/1 500 € ?2 000 € ; il est remis le 12 mars 2027 ?3 avril 2027\./);
    expect(text).toMatch(/s'engage à exercer son activité ?animer une communauté dans la commune/);
  });
});
