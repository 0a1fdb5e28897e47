import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, waitFor } from './helpers/client.js';
import { openConsultation, organiserWithRulebook, personWithRole } from './helpers/fixtures.js';
import type { RulebookEvent } from '../shared/protocol.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

const PRIZE = 'Le lauréat reçoit un prix de 1 500 €. Le jury compte sept membres. Les candidats doivent résider en Belgique.';
const MARKDOWN = ['# Règlement', '', '## Article 1 – Objet', '', 'Le concours récompense un community manager.', '', '## Article 2 – Calendrier', '', 'Les candidatures ferment le 1er mars.', '', '## Article 3 – Prix', '', PRIZE, ''].join('\n');

/** A French rulebook with an open consultation, two organisers and a member, and Article 3 (the prize). */
async function prizeDebate() {
  const setup = await organiserWithRulebook(server, 3, MARKDOWN);
  await openConsultation(setup.organiser, setup.slug);
  const { person: second } = await personWithRole(server, setup.organiser, setup.slug, 'organiser', 'Second');
  const { person: lea } = await personWithRole(server, setup.organiser, setup.slug, 'member', 'Léa');
  const article = setup.draft.articles[2];
  const propose = async (text: string, title?: string) =>
    (await lea.post(`/api/rulebooks/${setup.slug}/amendments`, { kind: 'modify', articleId: article.id, text, ...(title ? { title } : {}), rationale: 'Pourquoi pas.' })).body;
  const accept = (who: ApiClient, id: string, extra: Record<string, unknown> = {}) => who.post(`/api/amendments/${id}/decision`, { decision: 'accept', reason: 'Adopté.', ...extra });
  const articleNow = async () => (await setup.organiser.get(`/api/rulebooks/${setup.slug}/draft`)).body.articles[2];
  return { ...setup, second, lea, article, propose, accept, articleNow };
}

describe('accepting #1 then #4 on the same article', () => {
  it('merges non-overlapping edits, keeping both, and records that the decision merged', async () => {
    const { organiser, slug, propose, accept, articleNow } = await prizeDebate();
    const first = await propose(PRIZE.replace('1 500 €', '2 000 €'));
    const fourth = await propose(PRIZE.replace('sept membres', 'neuf membres'));

    expect((await accept(organiser, first.id)).body).toMatchObject({ status: 'accepted', merged: false });
    // #4 is now outdated, and would still apply cleanly.
    const listed = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/amendments?status=open`)).body;
    expect(listed.find((a: any) => a.id === fourth.id)).toMatchObject({ outdated: true, preview: 'clean' });

    const decided = await accept(organiser, fourth.id);
    expect(decided.status).toBe(200);
    const both = 'Le lauréat reçoit un prix de 2 000 €. Le jury compte neuf membres. Les candidats doivent résider en Belgique.';
    expect(decided.body).toMatchObject({ status: 'accepted', merged: true, appliedText: both, outdated: false, preview: null });
    expect((await articleNow()).text).toBe(both);
    expect((await new ApiClient(server.url).get(`/api/amendments/${fourth.id}`)).body).toMatchObject({ merged: true });

    const entries = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries;
    const accepted = entries.filter((e: any) => e.type === 'amendment.accepted').map((e: any) => [e.payload.number, e.payload.merged]);
    expect(accepted).toEqual([
      [first.number, false],
      [fourth.number, true],
    ]);
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit/verify`)).body.ok).toBe(true);
  });

  it('reports overlapping edits as a conflict with the merge prefilled, which keeps #1; nothing sent can revert #1', async () => {
    const { organiser, second, propose, accept, articleNow } = await prizeDebate();
    const first = await propose(PRIZE.replace('1 500 €', '2 000 €'), 'Dotation');
    const fourth = await propose(PRIZE.replace('1 500 €', '3 000 €').replace('résider en Belgique', 'résider en Europe'), 'Récompense');
    await accept(organiser, first.id);
    const afterFirst = await articleNow();

    const conflict = await accept(second, fourth.id);
    expect([conflict.status, conflict.body.error.code]).toEqual([409, 'amendment_conflict']);
    const details = conflict.body.error.details;
    expect(details).toMatchObject({
      base: { title: 'Prix', text: PRIZE },
      current: { title: 'Dotation', text: afterFirst.text },
      proposed: { title: 'Récompense', text: fourth.text },
      // The non-conflicting change (Europe) is merged; where both changed the prize, the current wording is kept.
      merged: { title: 'Dotation', text: 'Le lauréat reçoit un prix de 2 000 €. Le jury compte sept membres. Les candidats doivent résider en Europe.' },
      conflicts: [
        { field: 'title', base: 'Prix', ours: 'Dotation', theirs: 'Récompense', start: 0, end: 8 },
        { field: 'text', base: '1 500 €', ours: '2 000 €', theirs: '3 000 €', start: 29, end: 36 },
      ],
    });
    expect(details.merged.text.slice(29, 36)).toBe('2 000 €');
    expect(details.currentHash).toMatch(/^[0-9a-f]{32}$/);

    // The stale proposal sent back without naming the conflict it answers is refused, and so is any resolution
    // made against a wording that has changed since.
    expect((await accept(second, fourth.id, { resolvedText: fourth.text, resolvedTitle: fourth.title })).body.error.code).toBe('amendment_conflict');
    expect((await accept(second, fourth.id, { resolvedText: fourth.text, resolvedAgainst: 'f'.repeat(32) })).body.error.code).toBe('amendment_conflict');
    expect(await articleNow()).toMatchObject({ title: 'Dotation', text: afterFirst.text });

    // Accepting the prefilled merge as it is keeps #1 and adds #4's change that did not conflict.
    const resolved = await accept(second, fourth.id, { resolvedTitle: details.merged.title, resolvedText: details.merged.text, resolvedAgainst: details.currentHash });
    expect(resolved.body).toMatchObject({ status: 'accepted', merged: false, appliedText: details.merged.text });
    expect(await articleNow()).toMatchObject({ title: 'Dotation', text: details.merged.text });
    expect((await articleNow()).text).toContain('2 000 €');
  });

  it('refuses a resolution made before another amendment changed the article again', async () => {
    const { organiser, second, propose, accept, articleNow } = await prizeDebate();
    const first = await propose(PRIZE.replace('1 500 €', '2 000 €'));
    const third = await propose(PRIZE.replace('sept membres', 'cinq membres'));
    const fourth = await propose(PRIZE.replace('1 500 €', '3 000 €').replace('sept membres', 'onze membres'));
    await accept(organiser, first.id);
    const shown = (await accept(second, fourth.id)).body.error.details;
    // Meanwhile the first organiser accepts #3, which touches the same words.
    expect((await accept(organiser, third.id)).body).toMatchObject({ status: 'accepted', merged: true });
    const stale = await accept(second, fourth.id, { resolvedText: shown.merged.text, resolvedAgainst: shown.currentHash });
    expect(stale.body.error.code).toBe('amendment_conflict');
    expect(stale.body.error.details.current.text).toContain('cinq membres');
    expect((await articleNow()).text).toBe('Le lauréat reçoit un prix de 2 000 €. Le jury compte cinq membres. Les candidats doivent résider en Belgique.');
  });
});

describe('competing amendments', () => {
  it('are marked outdated live for a second organiser, and compared side by side against the current wording', async () => {
    const { organiser, slug, article, propose, accept } = await prizeDebate();
    const first = await propose(PRIZE.replace('1 500 €', '2 000 €'));
    const clean = await propose(PRIZE.replace('Belgique', 'Europe'));
    const clashing = await propose(PRIZE.replace('1 500 €', '5 000 €'));
    expect((await new ApiClient(server.url).get(`/api/amendments/${clean.id}`)).body).toMatchObject({ outdated: false, preview: null });

    // A second organiser's page listens to the events channel; it learns of the decision and refetches.
    const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/events/${slug}`);
    const received: RulebookEvent[] = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString())));
    await new Promise((r) => ws.once('open', r));
    await accept(organiser, first.id);
    await waitFor(() => received.some((e) => e.type === 'amendment.changed' && e.change === 'decided' && e.articleId === article.id), 5000, 'the decision event');
    ws.close();
    const open = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/amendments?status=open`)).body;
    expect(Object.fromEntries(open.map((a: any) => [a.number, [a.outdated, a.preview]]))).toEqual({ [clean.number]: [true, 'clean'], [clashing.number]: [true, 'conflict'] });

    const compared = (await new ApiClient(server.url).get(`/api/amendments/${clashing.id}/competing`)).body;
    expect(compared.article).toMatchObject({ id: article.id, number: 3, text: PRIZE.replace('1 500 €', '2 000 €') });
    const byNumber = Object.fromEntries(compared.amendments.map((c: any) => [c.amendment.number, c]));
    expect(byNumber[clean.number].change.text.filter((r: any) => r.op !== 'equal')).toEqual([
      { op: 'delete', text: 'Belgique' },
      { op: 'insert', text: 'Europe' },
    ]);
    expect(byNumber[clean.number].conflicts).toEqual([]);
    // The clashing one changes nothing by itself now (the current wording is kept where it conflicts), and says where.
    expect(byNumber[clashing.number].change.text).toEqual([{ op: 'equal', text: compared.article.text }]);
    expect(byNumber[clashing.number].conflicts).toEqual([expect.objectContaining({ field: 'text', ours: '2 000 €', theirs: '5 000 €' })]);
    expect(Object.keys(byNumber)).toHaveLength(2);
  });
});
