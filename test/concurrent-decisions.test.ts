import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { openDebate, personWithRole } from './helpers/fixtures.js';
import { decideAmendment } from '../server/domain/decisions.js';
import { settleSupports } from '../server/domain/supports.js';
import { publishRelease } from '../server/domain/releases.js';
import { fileAmendment } from '../server/domain/cosigning.js';
import { findRulebook } from '../server/domain/rulebooks.js';
import type { DecisionBody } from '../shared/validation/amendments.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** The audit entries of a rulebook of one type. */
async function entries(slug: string, type: string) {
  const res = await fetch(`${server.url}/api/rulebooks/${slug}/audit?limit=100`);
  const body = (await res.json()) as { entries: { type: string; payload: Record<string, unknown> }[] };
  return body.entries.filter((e) => e.type === type);
}

/** The outcome of a decision made straight on the domain (both start in the same tick, as no HTTP timing guarantees). */
async function decide(id: string, organiser: { id: string; displayName: string; email: string }, input: DecisionBody): Promise<{ status: number; code?: string }> {
  try {
    await decideAmendment(server.app.domain, id, organiser, input);
    return { status: 200 };
  } catch (err) {
    const { status, code } = err as { status: number; code: string };
    return { status, code };
  }
}

describe('commands arriving at the same instant', () => {
  it('decide an amendment once: two organisers accepting it together give one decision and one amendment_closed', async () => {
    const { organiser, account, slug, draft, lea } = await openDebate(server, 3);
    const { account: second } = await personWithRole(server, organiser, slug, 'organiser', 'Second organiser');
    const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: draft.articles[0].id, text: 'Agreed wording.', rationale: 'Clearer.' });

    const answers = await Promise.all([
      decide(amendment.id, account, { decision: 'accept', reason: 'Yes.' }),
      decide(amendment.id, second, { decision: 'reject', reason: 'No.' }),
    ]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    expect(answers.find((a) => a.status === 409)!.code).toBe('amendment_closed');
    const decided = [...(await entries(slug, 'amendment.accepted')), ...(await entries(slug, 'amendment.rejected'))];
    expect(decided).toHaveLength(1);
    expect((await fetch(`${server.url}/api/rulebooks/${slug}/audit/verify`).then((r) => r.json())).ok).toBe(true);
  });

  it('merge one of two amendments changing the same words, accepted together: the other is a conflict', async () => {
    const { organiser, account, slug, draft, lea, yanis } = await openDebate(server, 3);
    const { account: second } = await personWithRole(server, organiser, slug, 'organiser', 'Another organiser');
    const article = draft.articles[1];
    const { body: first } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: 'Teams of four players.', rationale: 'Smaller.' });
    const { body: other } = await yanis.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: article.id, text: 'Teams of nine players.', rationale: 'Larger.' });

    const answers = await Promise.all([
      decide(first.id, account, { decision: 'accept', reason: 'Four is right.' }),
      decide(other.id, second, { decision: 'accept', reason: 'Nine is right.' }),
    ]);

    expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
    const won = answers.findIndex((a) => a.status === 200);
    expect(answers[1 - won]!.code).toBe('amendment_conflict');
    const text = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text;
    expect(text).toBe(won === 0 ? 'Teams of four players.' : 'Teams of nine players.');
    expect(await entries(slug, 'amendment.accepted')).toHaveLength(1);
  });

  it('record a support once when two settlings run together (the periodic one and a decision’s)', async () => {
    const settling = await startServer({ supportSettleMs: 3600_000 });
    try {
      const { slug, draft, lea, yanis } = await openDebate(settling, 2);
      const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[0].id, rationale: 'Obsolete.' });
      expect((await yanis.post(`/api/amendments/${amendment.id}/support`)).status).toBe(200);

      await Promise.all([settleSupports(settling.app.domain, amendment.id), settleSupports(settling.app.domain, amendment.id)]);

      const audit = (await (await fetch(`${settling.url}/api/rulebooks/${slug}/audit?limit=100`)).json()) as { entries: { type: string }[] };
      expect(audit.entries.filter((e) => e.type === 'amendment.supported')).toHaveLength(1);
    } finally {
      await settling.close();
    }
  });

  it('publish a version once: the same version published twice together gives one release and one version_exists', async () => {
    const { slug, account } = await openDebate(server, 2);
    const rulebook = await findRulebook(server.app.domain, slug);
    const outcomes = await Promise.allSettled([0, 1].map(() => publishRelease(server.app.domain, rulebook, account, { version: '1.0' })));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected')!;
    expect(refused.reason).toMatchObject({ status: 409, code: 'version_exists' });
  });

  it('file a draft amendment once: filing it twice together gives one number, one history entry and one amendment_not_draft', async () => {
    const { slug, draft, lea } = await openDebate(server, 2);
    const { body: proposal } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[0].id, rationale: 'Useless.', draft: true });
    const me = (await lea.get('/api/me')).body as { id: string; displayName: string; email: string };
    const outcomes = await Promise.allSettled([0, 1].map(() => fileAmendment(server.app.domain, proposal.id, me)));
    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'amendment_not_draft' });
    expect(await entries(slug, 'amendment.filed')).toHaveLength(1);
  });
});
