import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { tokenOf } from './helpers/mail.js';
import { organiserWithRulebook, personWithRole, uniqueSlug } from './helpers/fixtures.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('rulebooks', () => {
  it('lets a signed-in person create a rulebook and become its organiser', async () => {
    const client = new ApiClient(server.url);
    await client.signUp('founder');
    const slug = uniqueSlug('league');
    const created = await client.post('/api/rulebooks', { slug, title: 'League rules', language: 'fr' });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ slug, title: 'League rules', language: 'fr', role: 'organiser', organisers: ['founder'] });

    const list = (await new ApiClient(server.url).get('/api/rulebooks')).body;
    expect(list.find((r: any) => r.slug === slug)).toMatchObject({ title: 'League rules', role: null });

    // A new rulebook starts with its title and one empty article, ready to type into.
    const draft = (await client.get(`/api/rulebooks/${slug}/draft`)).body;
    expect(draft).toMatchObject({ title: 'League rules', preamble: '', articles: [{ number: 1, title: '', text: '' }] });
  });

  it('refuses an anonymous creator, a taken slug and a malformed one', async () => {
    const anonymous = await new ApiClient(server.url).post('/api/rulebooks', { slug: uniqueSlug(), title: 'X', language: 'en' });
    expect(anonymous.status).toBe(401);
    const client = new ApiClient(server.url);
    await client.signUp();
    const slug = uniqueSlug();
    await client.post('/api/rulebooks', { slug, title: 'First', language: 'en' });
    const taken = await client.post('/api/rulebooks', { slug, title: 'Second', language: 'en' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'slug_taken']);
    for (const bad of ['A-B', 'x', '-abc', 'a b c', 'é-rules', 'x'.repeat(70)]) {
      const res = await client.post('/api/rulebooks', { slug: bad, title: 'T', language: 'en' });
      expect([res.status, res.body.error.code], bad).toEqual([400, 'validation_failed']);
    }
    const missing = await client.get('/api/rulebooks/no-such-book');
    expect([missing.status, missing.body.error.code]).toEqual([404, 'rulebook_not_found']);
  });

  it('lets organisers invite members and organisers, and nobody else', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const { person: member, account: memberAccount } = await personWithRole(server, organiser, slug, 'member');
    const outsider = new ApiClient(server.url);
    const outsiderAccount = await outsider.signUp('outsider');
    const { organiser: otherOrganiser } = await organiserWithRulebook(server, 1);

    const add = (client: ApiClient) => client.post(`/api/rulebooks/${slug}/members`, { email: outsiderAccount.email, role: 'organiser' });
    expect((await add(new ApiClient(server.url))).body.error.code).toBe('not_signed_in');
    expect((await add(member)).body.error.code).toBe('not_organiser');
    expect((await add(outsider)).body.error.code).toBe('not_organiser');
    expect((await add(otherOrganiser)).body.error.code).toBe('not_organiser');
    expect((await member.get(`/api/rulebooks/${slug}/members`)).status).toBe(403);

    const added = await add(organiser);
    expect([added.status, added.body]).toEqual([202, { status: 'accepted' }]);
    expect((await outsider.get(`/api/rulebooks/${slug}`)).body.role).toBeNull();
    const token = tokenOf(await outsider.inbox.linkTo(outsiderAccount.email, '/invitations'));
    expect((await outsider.post('/api/invitations/accept', { token })).body).toEqual({ slug, role: 'organiser' });
    const members = (await organiser.get(`/api/rulebooks/${slug}/members`)).body;
    expect(members.map((m: any) => [m.email, m.role])).toEqual([
      [expect.any(String), 'organiser'],
      [memberAccount.email, 'member'],
      [outsiderAccount.email, 'organiser'],
    ]);
    expect((await outsider.get(`/api/rulebooks/${slug}`)).body.role).toBe('organiser');
  });

  it('answers the same whether or not an account uses the address, and names nobody', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const existing = await new ApiClient(server.url).signUp('existing');
    const known = await organiser.post(`/api/rulebooks/${slug}/members`, { email: existing.email, role: 'member' });
    const unknown = await organiser.post(`/api/rulebooks/${slug}/members`, { email: 'nobody@nowhere.test', role: 'member' });
    expect([known.status, known.body]).toEqual([unknown.status, unknown.body]);
    expect(JSON.stringify(known.body)).not.toMatch(/existing|@/);
    // Both get an invitation; nobody is enrolled before following its link.
    expect((await organiser.get(`/api/rulebooks/${slug}/members`)).body).toHaveLength(1);
    expect((await organiser.get(`/api/rulebooks/${slug}/invitations`)).body).toHaveLength(2);
  });

  it('limits how fast an organiser can add people', async () => {
    const limited = await startServer({ postRateLimit: 3 });
    try {
      const { organiser, slug } = await organiserWithRulebook(limited, 1);
      const statuses = [];
      for (let i = 0; i < 5; i++) statuses.push((await organiser.post(`/api/rulebooks/${slug}/members`, { email: `probe${i}@nowhere.test`, role: 'member' })).status);
      expect(statuses).toEqual([202, 202, 202, 429, 429]);
    } finally {
      await limited.close();
    }
  });

  it('lets members and organisers leave, but not the last organiser', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const { person: member } = await personWithRole(server, organiser, slug, 'member');
    const { person: second } = await personWithRole(server, organiser, slug, 'organiser', 'second');
    const leave = (client: ApiClient) => client.request('DELETE', `/api/rulebooks/${slug}/membership`);

    expect((await leave(member)).status).toBe(204);
    expect((await member.get(`/api/rulebooks/${slug}`)).body.role).toBeNull();
    expect((await leave(member)).body.error.code).toBe('not_member');
    expect((await leave(new ApiClient(server.url))).body.error.code).toBe('not_signed_in');

    expect((await leave(second)).status).toBe(204);
    const last = await leave(organiser);
    expect([last.status, last.body.error.code]).toEqual([409, 'last_organiser']);
    const history = (await organiser.get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries.map((e: any) => e.type);
    expect(history.filter((t: string) => t === 'membership.left')).toHaveLength(2);
  });

  it('keeps at least one organiser', async () => {
    const { organiser, account, slug } = await organiserWithRulebook(server, 1);
    const res = await organiser.post(`/api/rulebooks/${slug}/members`, { email: account.email, role: 'member' });
    expect([res.status, res.body.error.code]).toEqual([409, 'last_organiser']);
  });

  it('lets only organisers import the draft', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    const { person: member } = await personWithRole(server, organiser, slug, 'member');
    const markdown = '# Hijacked\n\n## One\n\nText';
    expect((await member.post(`/api/rulebooks/${slug}/draft/import`, { markdown })).body.error.code).toBe('not_organiser');
    expect((await new ApiClient(server.url).post(`/api/rulebooks/${slug}/draft/import`, { markdown })).body.error.code).toBe('not_signed_in');
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body).toEqual(draft);
  });

  it('explains why a Markdown import was refused and keeps the draft', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    const noTitle = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: '## Article 1 – A\n\nText' });
    expect([noTitle.status, noTitle.body.error.code]).toEqual([422, 'missing_title']);
    const noArticle = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: '# Title\n\nJust a preamble.' });
    expect([noArticle.status, noArticle.body.error.code]).toEqual([422, 'no_articles']);
    const empty = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: '' });
    expect(empty.status).toBe(400);
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body).toEqual(draft);
  });

  it('keeps the ids of articles whose title is unchanged when re-importing', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 3);
    const markdown = '# Test rules\n\n## Article 1 – Brand new\n\nFirst.\n\n## Article 2 – Rule 1\n\nMoved down.\n\n## Article 3 – Rule 3\n\nSame title.';
    const res = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown });
    expect(res.body.articles.map((a: any) => a.id)).toEqual([expect.any(String), draft.articles[0].id, draft.articles[2].id]);
    expect(res.body.articles[0].id).not.toBe(draft.articles[1].id);
  });
});
