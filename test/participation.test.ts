import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, uniqueEmail } from './helpers/client.js';
import { tokenOf } from './helpers/mail.js';
import { openDebate } from './helpers/fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ maxEventLoopDelayMs: 0 });
});
afterAll(() => server.close());

const policy = (client: ApiClient, slug: string, body: object) => client.request('PUT', `/api/rulebooks/${slug}/participation`, body);

/** Someone signed up and verified with an address at `domain`. */
async function personAt(domain: string, name: string) {
  const person = new ApiClient(server.url);
  const email = uniqueEmail(name).replace('@test.amendo', `@${domain}`).toLowerCase();
  await person.post('/api/auth/register', { email, password: 'a long password', displayName: name });
  await person.post('/api/auth/verify', { token: tokenOf(await person.inbox.linkTo(email, '/verify-email')) });
  return person;
}

/** What each way of taking part answers for `client`: comment, propose, support. */
async function tryTakingPart(client: ApiClient, setup: Awaited<ReturnType<typeof openDebate>>, amendmentId: string) {
  const articleId = setup.draft.articles[0].id;
  const comment = await client.post(`/api/rulebooks/${setup.slug}/articles/${articleId}/comments`, { body: 'My view.' });
  const propose = await client.post(`/api/rulebooks/${setup.slug}/amendments`, { kind: 'modify', articleId, text: 'Other words.', rationale: 'Why not.' });
  const support = await client.post(`/api/amendments/${amendmentId}/support`);
  return [comment, propose, support].map((r) => (r.status < 300 ? r.status : r.body.error.code));
}

describe('participation policy', () => {
  it('is anyone verified by default, shown to everyone on the rulebook, and chosen by organisers only', async () => {
    const setup = await openDebate(server);
    const shown = await new ApiClient(server.url).get(`/api/rulebooks/${setup.slug}`);
    expect(shown.body.participation).toEqual({ policy: 'verified', domains: [], hideSupportsUntilClose: false });
    expect((await policy(setup.lea, setup.slug, { policy: 'members', domains: [] })).body.error.code).toBe('not_organiser');
    const empty = await policy(setup.organiser, setup.slug, { policy: 'domains', domains: [] });
    expect([empty.status, empty.body.error.code]).toEqual([422, 'no_allowed_domain']);
    expect((await policy(setup.organiser, setup.slug, { policy: 'domains', domains: ['not a domain'] })).status).toBe(400);

    const set = await policy(setup.organiser, setup.slug, { policy: 'domains', domains: ['Asso.example', 'asso.example', 'club.example'] });
    expect(set.body.participation).toEqual({ policy: 'domains', domains: ['asso.example', 'club.example'], hideSupportsUntilClose: false });
    expect((await new ApiClient(server.url).get(`/api/rulebooks/${setup.slug}`)).body.participation.policy).toBe('domains');
    const entry = (await setup.organiser.get(`/api/rulebooks/${setup.slug}/audit?limit=200`)).body.entries.at(-1);
    expect(entry).toMatchObject({ type: 'participation.set', payload: { policy: 'domains', domains: ['asso.example', 'club.example'] } });
  });

  it('`members` refuses a non-member’s comment, proposal and support, with the policy in the error', async () => {
    const setup = await openDebate(server);
    const { body: amendment } = await setup.lea.post(`/api/rulebooks/${setup.slug}/amendments`, { kind: 'modify', articleId: setup.draft.articles[1].id, text: 'New.', rationale: 'Better.' });
    const outsider = new ApiClient(server.url);
    await outsider.signUp('Outsider');
    expect(await tryTakingPart(outsider, setup, amendment.id)).toEqual([201, 201, 200]);

    await policy(setup.organiser, setup.slug, { policy: 'members', domains: [] });
    const refused = await outsider.post(`/api/amendments/${amendment.id}/support`);
    expect(refused.status).toBe(403);
    expect(refused.body.error).toMatchObject({ code: 'participation_not_allowed', details: { policy: 'members', domains: [] } });
    expect(await tryTakingPart(outsider, setup, amendment.id)).toEqual(['participation_not_allowed', 'participation_not_allowed', 'participation_not_allowed']);
    expect(await tryTakingPart(setup.yanis, setup, amendment.id)).toEqual([201, 201, 200]);
  });

  it('`domains` lets in addresses at its domains and members, and refuses others', async () => {
    const setup = await openDebate(server);
    const { body: amendment } = await setup.lea.post(`/api/rulebooks/${setup.slug}/amendments`, { kind: 'modify', articleId: setup.draft.articles[1].id, text: 'New.', rationale: 'Better.' });
    await policy(setup.organiser, setup.slug, { policy: 'domains', domains: ['asso.example'] });
    const insider = await personAt('asso.example', 'Insider');
    const sub = await personAt('sub.asso.example', 'Subdomain');
    const stranger = await personAt('elsewhere.example', 'Stranger');
    expect(await tryTakingPart(insider, setup, amendment.id)).toEqual([201, 201, 200]);
    expect(await tryTakingPart(setup.yanis, setup, amendment.id)).toEqual([201, 201, 200]);
    const refused = await stranger.post(`/api/amendments/${amendment.id}/support`);
    expect(refused.body.error).toMatchObject({ code: 'participation_not_allowed', details: { policy: 'domains', domains: ['asso.example'] } });
    expect(refused.body.error.message).toContain('asso.example');
    expect(await tryTakingPart(sub, setup, amendment.id)).toEqual(['participation_not_allowed', 'participation_not_allowed', 'participation_not_allowed']);
  });
});
