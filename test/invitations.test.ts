import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, uniqueEmail, waitFor } from './helpers/client.js';
import { Mailbox, tokenOf } from './helpers/mail.js';
import { inviteAndAccept, uniqueSlug } from './helpers/fixtures.js';
import { craftedEdit, nextDenial, openRawSocket, syncUpdateMessage } from './helpers/collab-wire.js';
import { rulebookMarkdown } from './helpers/draft.js';
import { readDraft } from '../shared/doc/ydoc.js';

let mailbox: Mailbox;
let server: TestServer;
beforeAll(async () => {
  mailbox = await Mailbox.start();
  server = await startServer({ smtpUrl: mailbox.url, mailRetryMs: 50, maxEventLoopDelayMs: 0 });
});
afterAll(async () => {
  await server.close();
  await mailbox.close();
});

const client = () => new ApiClient(server.url, mailbox);
const invite = (organiser: ApiClient, slug: string, email: string, role: 'member' | 'organiser' = 'member') => organiser.post(`/api/rulebooks/${slug}/members`, { email, role });
const inviteToken = async (email: string) => tokenOf(await mailbox.linkTo(email, '/invitations'));
const rolesOf = async (organiser: ApiClient, slug: string) => ((await organiser.get(`/api/rulebooks/${slug}/members`)).body as { displayName: string; role: string }[]).map((m) => [m.displayName, m.role]);

/** An organiser (reading mail at the mailbox) with a new rulebook in `language` of one article. */
async function rulebookIn(language: 'fr' | 'en') {
  const organiser = client();
  const account = await organiser.signUp('Organiser');
  const slug = uniqueSlug('invite');
  const created = await organiser.post('/api/rulebooks', { slug, title: 'Test rules', language });
  if (created.status !== 201) throw new Error(JSON.stringify(created.body));
  const draft = (await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: rulebookMarkdown(1) })).body;
  return { organiser, account, slug, draft };
}

/** Someone signed up and verified, who joined the rulebook with `role` through an invitation. */
async function personWithRole(organiser: ApiClient, slug: string, role: 'member' | 'organiser', name: string) {
  const person = client();
  const account = await person.signUp(name);
  await inviteAndAccept(organiser, person, account.email, slug, role);
  return { person, account };
}

describe('invitations', () => {
  it('lets an address with no account sign up through the mailed link and join in one step', async () => {
    const { organiser, slug } = await rulebookIn('en');
    const email = uniqueEmail('newcomer');
    expect(await invite(organiser, slug, email.toUpperCase())).toMatchObject({ status: 202, body: { status: 'accepted' } });

    const mail = await mailbox.nth(email);
    expect(mail.subject).toBe(`${organiser.displayName} invites you to “Test rules”`);
    expect(mail.text).toMatch(/Create my account and join: http:\/\/127\.0\.0\.1:\d+\/invitations#[\w-]{40,}/);
    const token = tokenOf((await mailbox.linkTo(email, '/invitations')));

    const newcomer = client();
    const preview = await newcomer.post('/api/invitations/preview', { token });
    expect(preview.body).toMatchObject({ rulebook: { slug, title: 'Test rules' }, role: 'member', email, invitedBy: organiser.displayName, hasAccount: false });
    const joined = await newcomer.post('/api/invitations/sign-up', { token, password: 'a long password', displayName: 'Newcomer' });
    expect(joined.status).toBe(201);
    expect(joined.body).toMatchObject({ account: { email, displayName: 'Newcomer', verified: true, language: 'en' }, joined: { slug, role: 'member' } });
    expect((await newcomer.get('/api/me')).body).toMatchObject({ email, verified: true });
    expect((await newcomer.get(`/api/rulebooks/${slug}`)).body.role).toBe('member');
    expect(await rolesOf(organiser, slug)).toEqual([[organiser.displayName, 'organiser'], ['Newcomer', 'member']]);
    expect((await organiser.get(`/api/rulebooks/${slug}/invitations`)).body).toEqual([]);

    // The link works once.
    const again = await client().post('/api/invitations/sign-up', { token, password: 'another password', displayName: 'Second try' });
    expect([again.status, again.body.error.code]).toEqual([410, 'link_invalid']);
    expect((await client().post('/api/invitations/preview', { token })).status).toBe(410);
  });

  it('lets a person with an account accept while signed in, in their language', async () => {
    const { organiser, slug } = await rulebookIn('fr');
    const person = client();
    const email = uniqueEmail('english');
    await person.post('/api/auth/register', { email, password: 'a long password', displayName: 'English speaker', language: 'en' });
    await person.post('/api/auth/verify', { token: tokenOf(await mailbox.linkTo(email, '/verify-email')) });
    await invite(organiser, slug, email, 'organiser');

    const mail = await mailbox.nth(email, 2);
    expect(mail.subject).toBe(`${organiser.displayName} invites you to “Test rules”`);
    expect(mail.text).toContain('Hello English speaker,');
    const token = await inviteToken(email);
    expect((await client().post('/api/invitations/preview', { token })).body).toMatchObject({ hasAccount: true, role: 'organiser' });
    expect((await client().post('/api/invitations/accept', { token })).body.error.code).toBe('not_signed_in');
    const taken = await client().post('/api/invitations/sign-up', { token, password: 'a long password', displayName: 'Someone else' });
    expect([taken.status, taken.body.error.code]).toEqual([409, 'email_taken']);

    expect((await person.post('/api/invitations/accept', { token })).body).toEqual({ slug, role: 'organiser' });
    expect((await person.get(`/api/rulebooks/${slug}`)).body.role).toBe('organiser');
    const entries = (await organiser.get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries;
    expect(entries.at(-1)).toMatchObject({ type: 'membership.set', actor: { name: 'English speaker' }, payload: { displayName: 'English speaker', role: 'organiser', invited: true } });
    // Nothing about the invitation itself, or the address, is in the public log.
    expect(JSON.stringify(entries)).not.toContain(email);
  });

  it('verifies an unconfirmed account invited at its own address when it accepts', async () => {
    const { organiser, slug } = await rulebookIn('en');
    const person = client();
    const email = uniqueEmail('unconfirmed');
    await person.post('/api/auth/register', { email, password: 'a long password', displayName: 'Unconfirmed' });
    await person.post('/api/auth/login', { email, password: 'a long password' });
    expect((await person.get('/api/me')).body.verified).toBe(false);
    await invite(organiser, slug, email);
    await mailbox.nth(email, 2);
    expect((await person.post('/api/invitations/accept', { token: await inviteToken(email) })).body).toEqual({ slug, role: 'member' });
    expect((await person.get('/api/me')).body.verified).toBe(true);
  });

  it('writes to an unknown address in the rulebook’s language', async () => {
    const { organiser, slug } = await rulebookIn('fr');
    const email = uniqueEmail('inconnu');
    await invite(organiser, slug, email);
    const mail = await mailbox.nth(email);
    expect(mail.subject).toBe(`${organiser.displayName} vous invite à « Test rules »`);
    expect(mail.text).toMatch(/^Bonjour,/);
    expect(mail.html).toContain('<html lang="fr">');
  });

  it('lists pending invitations to organisers, who revoke them; a revoked or replaced link is refused', async () => {
    const { organiser, slug } = await rulebookIn('en');
    const { person: member } = await personWithRole(organiser, slug, 'member', 'Plain member');
    const email = uniqueEmail('revoked');
    await invite(organiser, slug, email, 'organiser');
    const first = await inviteToken(email);
    await invite(organiser, slug, email);
    await mailbox.nth(email, 2);
    const second = await inviteToken(email);
    expect((await client().post('/api/invitations/preview', { token: first })).status).toBe(410);

    const listed = await organiser.get(`/api/rulebooks/${slug}/invitations`);
    expect(listed.body).toEqual([{ id: expect.any(String), email, role: 'member', invitedBy: organiser.displayName, createdAt: expect.any(String), expiresAt: expect.any(String) }]);
    expect((await member.get(`/api/rulebooks/${slug}/invitations`)).body.error.code).toBe('not_organiser');
    const id = listed.body[0].id;
    expect((await member.request('DELETE', `/api/rulebooks/${slug}/invitations/${id}`)).body.error.code).toBe('not_organiser');

    expect((await organiser.request('DELETE', `/api/rulebooks/${slug}/invitations/${id}`)).status).toBe(204);
    expect((await organiser.get(`/api/rulebooks/${slug}/invitations`)).body).toEqual([]);
    expect((await organiser.request('DELETE', `/api/rulebooks/${slug}/invitations/${id}`)).body.error.code).toBe('invitation_not_found');
    const refused = await client().post('/api/invitations/sign-up', { token: second, password: 'a long password', displayName: 'Too late' });
    expect([refused.status, refused.body.error.code]).toEqual([410, 'link_invalid']);
    expect((await client().post('/api/invitations/preview', { token: second })).status).toBe(410);
  });

  it('answers an invitation alike whether or not an account uses the address', async () => {
    const { organiser, slug } = await rulebookIn('en');
    const existing = await client().signUp('Existing');
    const known = await invite(organiser, slug, existing.email);
    const unknown = await invite(organiser, slug, uniqueEmail('nobody'));
    expect([known.status, known.body, [...known.headers.keys()].sort()]).toEqual([unknown.status, unknown.body, [...unknown.headers.keys()].sort()]);
    // The organisers' list shows pending invitations by address only: whether an account uses it is not said.
    const listed = (await organiser.get(`/api/rulebooks/${slug}/invitations`)).body as object[];
    expect(listed.map((i) => Object.keys(i).sort())).toEqual([Object.keys(listed[0]!).sort(), Object.keys(listed[0]!).sort()]);
    expect(JSON.stringify(listed)).not.toContain('Existing');
  });
});

describe('removing members', () => {
  it('lets organisers remove a member, recorded in the audit log, but not the last organiser', async () => {
    const { organiser, account, slug } = await rulebookIn('en');
    const { person: member, account: memberAccount } = await personWithRole(organiser, slug, 'member', 'Removed member');
    expect((await member.request('DELETE', `/api/rulebooks/${slug}/members/${account.id}`)).body.error.code).toBe('not_organiser');

    expect((await organiser.request('DELETE', `/api/rulebooks/${slug}/members/${memberAccount.id}`)).status).toBe(204);
    expect((await member.get(`/api/rulebooks/${slug}`)).body.role).toBeNull();
    const last = (await organiser.get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries.at(-1);
    expect(last).toMatchObject({ type: 'membership.removed', actor: { id: account.id }, payload: { userId: memberAccount.id, displayName: 'Removed member', role: 'member' } });
    expect((await organiser.request('DELETE', `/api/rulebooks/${slug}/members/${memberAccount.id}`)).body.error.code).toBe('member_not_found');
    const self = await organiser.request('DELETE', `/api/rulebooks/${slug}/members/${account.id}`);
    expect([self.status, self.body.error.code]).toEqual([409, 'last_organiser']);
  });

  it('takes write access from a removed organiser’s open draft connection at once', async () => {
    const { organiser, slug, draft } = await rulebookIn('en');
    const { person: second, account: secondAccount } = await personWithRole(organiser, slug, 'organiser', 'Second organiser');
    const reader = connectProvider(server.collabUrl, slug);
    const socket = openRawSocket(`${server.collabUrl}/${slug}`, { cookie: second.cookieHeader() });
    try {
      await Promise.all([synced(reader), socket.opened]);
      const articleId = draft.articles[0].id;
      const draftText = async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text as string;
      socket.ws.send(syncUpdateMessage(craftedEdit(reader.doc, articleId, 'Before ')));
      await waitFor(async () => (await draftText()).startsWith('Before '), 5000, 'the second organiser to write');

      expect((await organiser.request('DELETE', `/api/rulebooks/${slug}/members/${secondAccount.id}`)).status).toBe(204);
      await waitFor(() => readDraft(reader.doc).articles[0]!.text.startsWith('Before '), 5000, 'the reader to catch up');
      const denial = nextDenial(socket.ws);
      socket.ws.send(syncUpdateMessage(craftedEdit(reader.doc, articleId, 'After ')));
      await denial;
      expect(await draftText()).toBe(`Before ${draft.articles[0].text}`);
    } finally {
      socket.ws.close();
      reader.destroy();
    }
  });
});
