// Two instances of the server on one PostgreSQL database: what one decides, the other sees before it decides.
import { describe, expect, it } from 'vitest';
import { ApiClient } from '../helpers/client.js';
import { openDebate, personWithRole } from '../helpers/fixtures.js';
import { twoInstancesEachTest } from './services.js';

describe('two instances on one database', () => {
  const instances = twoInstancesEachTest();

  it('accept conflicting amendments at the same instant, one on each: one merge and one conflict, no text lost', async () => {
    const [a, b] = instances();
    const { organiser, slug, draft, lea, yanis } = await openDebate(a, 3);
    const { person: second } = await personWithRole(a, organiser, slug, 'organiser', 'Second organiser');
    // The second organiser works on instance B, with the same session.
    const onB = new ApiClient(b.url);
    for (const [name, value] of second.cookies) onB.cookies.set(name, value);
    const article = draft.articles[1];
    const { body: four } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: 'Teams of four players.', rationale: 'Smaller.' });
    const { body: nine } = await yanis.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: 'Teams of nine players.', rationale: 'Larger.' });
    // B has the draft loaded before A changes it.
    expect((await onB.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text).toBe(article.text);

    const answers = await Promise.all([
      organiser.post(`/api/amendments/${four.id}/decision`, { decision: 'accept', reason: 'Four.' }),
      onB.post(`/api/amendments/${nine.id}/decision`, { decision: 'accept', reason: 'Nine.' }),
    ]);

    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
    const won = answers.findIndex((r) => r.status === 200);
    expect(answers[1 - won]!.body.error.code).toBe('amendment_conflict');
    const expected = won === 0 ? 'Teams of four players.' : 'Teams of nine players.';
    // Each instance serves the accepted wording once the loser has caught up (B reloads or reads the log).
    const reader = new ApiClient(a.url);
    expect((await reader.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text).toBe(expected);
    const audit = (await reader.get(`/api/rulebooks/${slug}/audit?limit=100`)).body.entries as { type: string }[];
    expect(audit.filter((e) => e.type === 'amendment.accepted')).toHaveLength(1);
    expect((await reader.get(`/api/rulebooks/${slug}/audit/verify`)).body.ok).toBe(true);
  });
});
