import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, uniqueEmail } from './helpers/client.js';
import { tokenOf } from './helpers/mail.js';
import { openDebate, organiserWithRulebook } from './helpers/fixtures.js';
import { CloseCode } from '../shared/protocol.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const password = 'a long password';

/** Sign up without following the verification link; returns the client (signed in) and the link mailed. */
async function unverified(name: string) {
  const client = new ApiClient(server.url);
  const email = uniqueEmail(name);
  expect((await client.post('/api/auth/register', { email, password, displayName: `${name} ${email.slice(-20)}` })).status).toBe(201);
  const link = await client.inbox.linkTo(email, '/verify-email');
  expect((await client.post('/api/auth/login', { email, password })).status).toBe(200);
  return { client, email, link };
}

describe('verifying the address', () => {
  it('lets an unverified account read and sign in, but not comment, propose or support until it follows the link', async () => {
    const { slug, draft, lea } = await openDebate(server, 2);
    const { client, link } = await unverified('newcomer');
    expect((await client.get('/api/me')).body.verified).toBe(false);
    expect((await client.get(`/api/rulebooks/${slug}/draft`)).status).toBe(200);
    const articleId = draft.articles[0].id;
    const comment = await client.post(`/api/rulebooks/${slug}/articles/${articleId}/comments`, { body: 'Hello' });
    expect([comment.status, comment.body.error.code]).toEqual([403, 'email_not_verified']);
    const proposal = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId, rationale: 'Not needed.' });
    const support = await client.post(`/api/amendments/${proposal.body.id}/support`);
    expect([support.status, support.body.error.code]).toEqual([403, 'email_not_verified']);

    expect((await client.post('/api/auth/verify', { token: tokenOf(link) })).body.verified).toBe(true);
    expect((await client.post(`/api/rulebooks/${slug}/articles/${articleId}/comments`, { body: 'Hello' })).status).toBe(201);
  });

  it('accepts a link once, and not after 48 hours', async () => {
    const { client, link } = await unverified('once');
    expect((await client.post('/api/auth/verify', { token: tokenOf(link) })).status).toBe(200);
    const again = await client.post('/api/auth/verify', { token: tokenOf(link) });
    expect([again.status, again.body.error.code]).toEqual([410, 'link_invalid']);

    const late = await unverified('late');
    const clock = server.app.domain.clock;
    server.app.domain.clock = () => new Date(Date.now() + 49 * 3600_000);
    try {
      const expired = await late.client.post('/api/auth/verify', { token: tokenOf(late.link) });
      expect([expired.status, expired.body.error.code]).toEqual([410, 'link_invalid']);
    } finally {
      server.app.domain.clock = clock;
    }
    expect((await late.client.post('/api/auth/verify', { token: 'x'.repeat(43) })).status).toBe(410);
  });
});

describe('a forgotten password', () => {
  it('is reset through the mailed link, which ends every other session', async () => {
    const owner = new ApiClient(server.url);
    const { email } = await owner.signUp('forgetful');
    const stranger = new ApiClient(server.url);
    expect((await stranger.post('/api/auth/forgot', { email: email.toUpperCase() })).status).toBe(202);
    const link = await stranger.inbox.linkTo(email, '/reset-password');
    const reset = await stranger.post('/api/auth/reset', { token: tokenOf(link), password: 'a brand new password' });
    expect([reset.status, reset.body.email]).toEqual([200, email]);
    expect((await owner.get('/api/me')).body).toBeNull();
    expect((await stranger.post('/api/auth/reset', { token: tokenOf(link), password: 'yet another password' })).status).toBe(410);
    expect((await new ApiClient(server.url).post('/api/auth/login', { email, password: 'correct horse battery' })).status).toBe(401);
    expect((await new ApiClient(server.url).post('/api/auth/login', { email, password: 'a brand new password' })).status).toBe(200);
  });
});

describe('changing address', () => {
  it('needs the password, and changes nothing until the new address is verified', async () => {
    const client = new ApiClient(server.url);
    const { email } = await client.signUp('mover');
    const next = uniqueEmail('moved');
    const wrong = await client.post('/api/account/email', { email: next, password: 'not my password' });
    expect([wrong.status, wrong.body.error.code]).toEqual([401, 'invalid_credentials']);
    expect((await client.post('/api/account/email', { email: next, password: 'correct horse battery' })).status).toBe(202);
    expect((await client.get('/api/me')).body.email).toBe(email);
    const link = await client.inbox.linkTo(next, '/verify-email');
    const verified = await client.post('/api/auth/verify', { token: tokenOf(link) });
    expect([verified.body.email, verified.body.verified]).toEqual([next, true]);
    expect((await new ApiClient(server.url).post('/api/auth/login', { email, password: 'correct horse battery' })).status).toBe(401);
    expect((await new ApiClient(server.url).post('/api/auth/login', { email: next, password: 'correct horse battery' })).status).toBe(200);
  });
});

describe('sessions', () => {
  it('lists my sessions and revokes one, closing its live connections', async () => {
    const { organiser, account, slug } = await organiserWithRulebook(server, 1);
    const laptop = new ApiClient(server.url);
    await laptop.request('POST', '/api/auth/login', { email: account.email, password: account.password }, { headers: { 'user-agent': 'Laptop browser' } });
    const socket = new WebSocket(`${server.collabUrl}/${slug}`, { headers: { cookie: laptop.cookieHeader() } });
    await new Promise((resolve) => socket.once('open', resolve));
    const closed = new Promise<number>((resolve) => socket.once('close', resolve));

    const list = (await organiser.get('/api/account/sessions')).body as { id: string; current: boolean; userAgent: string | null }[];
    expect(list).toHaveLength(2);
    expect(list.filter((s) => s.current)).toHaveLength(1);
    const other = list.find((s) => !s.current)!;
    expect(other.userAgent).toBe('Laptop browser');
    expect((await organiser.request('DELETE', `/api/account/sessions/${other.id}`)).status).toBe(204);
    expect(await closed).toBe(CloseCode.sessionEnded);
    expect((await laptop.get('/api/me')).body).toBeNull();
    expect((await organiser.get('/api/me')).body.id).toBe(account.id);
    const stranger = new ApiClient(server.url);
    await stranger.signUp('stranger');
    const current = list.find((s) => s.current)!;
    expect((await stranger.request('DELETE', `/api/account/sessions/${current.id}`)).status).toBe(404);
  });
});

/** The mails queued to `email` so far, oldest first, as `/dev/outbox.json` lists them. */
async function mailsTo(email: string): Promise<{ subject: string; links: string[] }[]> {
  const entries = (await (await fetch(`${server.url}/dev/outbox.json`)).json()) as { to: string; subject: string; links: string[] }[];
  return entries.filter((e) => e.to === email).reverse();
}

describe('the language of my mail', () => {
  it('is changed on my account and used from the next mail on', async () => {
    const client = new ApiClient(server.url);
    const { email } = await client.signUp('polyglot');
    expect((await client.get('/api/me')).body.language).toBe('fr');
    const changed = await client.request('PATCH', '/api/account', { language: 'en' });
    expect([changed.status, changed.body.language]).toEqual([200, 'en']);
    expect((await client.get('/api/me')).body.language).toBe('en');
    expect((await client.post('/api/auth/forgot', { email })).status).toBe(202);
    expect((await mailsTo(email)).at(-1)!.subject).toBe('Choose a new password');

    const unknown = await client.request('PATCH', '/api/account', { language: 'de' });
    expect([unknown.status, unknown.body.error.code]).toEqual([400, 'validation_failed']);
    const signedOut = await new ApiClient(server.url).request('PATCH', '/api/account', { language: 'en' });
    expect(signedOut.status).toBe(401);
  });
});

describe('someone signing up with an address that has an account', () => {
  it('mails its owner at most once an hour', async () => {
    const { email } = await new ApiClient(server.url).signUp('targeted');
    const attempt = (n: number) => new ApiClient(server.url).post('/api/auth/register', { email, password, displayName: `Impostor ${n} ${email.slice(0, 12)}` });
    const alerts = async () => (await mailsTo(email)).filter((m) => m.subject === "Quelqu'un a tenté de s'inscrire avec votre adresse");
    for (const n of [1, 2, 3]) expect((await attempt(n)).status).toBe(201);
    // Each mail is queued before the answer, so the outbox is complete once the last answer is in.
    expect(await alerts()).toHaveLength(1);

    const clock = server.app.domain.clock;
    server.app.domain.clock = () => new Date(Date.now() + 61 * 60_000);
    try {
      expect((await attempt(4)).status).toBe(201);
    } finally {
      server.app.domain.clock = clock;
    }
    expect(await alerts()).toHaveLength(2);
  });
});
