import { first } from '../server/db/handle.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from './helpers/server.js';
import { eq, sql } from 'drizzle-orm';
import { ApiClient, uniqueEmail } from './helpers/client.js';
import { tokenOf } from './helpers/mail.js';
import { users } from '../server/db/schema.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe('accounts and sessions', () => {
  it('registers, verifies the address through the mailed link, signs out, signs back in and knows who you are', async () => {
    const client = new ApiClient(server.url);
    const email = uniqueEmail('ada');
    const registered = await client.post('/api/auth/register', { email: email.toUpperCase(), password: 'a long password', displayName: 'Ada' });
    expect(registered.status).toBe(201);
    expect(registered.body).toEqual({ email, displayName: 'Ada', verification: 'mailed' });
    // Signing up opens no session: the answer must be the same for an address that already had an account.
    expect(registered.headers.getSetCookie().some((c) => c.startsWith('amendo_session='))).toBe(false);

    const verified = await client.post('/api/auth/verify', { token: tokenOf(await client.inbox.linkTo(email, '/verify-email')) });
    expect(verified.status).toBe(200);
    expect(verified.body).toEqual({ id: expect.any(String), email, displayName: 'Ada', verified: true, language: 'fr' });
    const cookie = verified.headers.getSetCookie().find((c) => c.startsWith('amendo_session='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Lax/i);

    expect((await client.get('/api/me')).body.email).toBe(email);
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    // Signed out is an answer, not an error: a 401 here was a console error on every page a visitor opened.
    const anonymous = await client.get('/api/me');
    expect([anonymous.status, anonymous.body]).toEqual([200, null]);

    expect((await client.post('/api/auth/login', { email, password: 'a long password' })).status).toBe(200);
    expect((await client.get('/api/me')).body.displayName).toBe('Ada');
  });

  it('never stores the password in clear and rejects a wrong one', async () => {
    const client = new ApiClient(server.url);
    const { email, password } = await client.signUp('bob');
    const row = first(await server.app.db.select().from(users).where(eq(users.email, email)))!;
    expect(row.passwordHash).toMatch(/^scrypt\$/);
    expect(row.passwordHash).not.toContain(password);

    const other = new ApiClient(server.url);
    const wrong = await other.post('/api/auth/login', { email, password: 'not the password' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.error.code).toBe('invalid_credentials');
    const unknown = await other.post('/api/auth/login', { email: uniqueEmail('nobody'), password: 'whatever it is' });
    expect(unknown.body.error.code).toBe('invalid_credentials');
  });

  it('makes no second account with the same email, whatever its case or Unicode form, and tells the owner', async () => {
    const client = new ApiClient(server.url);
    const { email } = await client.signUp('carol');
    const count = async () => first(await server.app.db.select({ n: sql<number>`count(*)` }).from(users))!.n;
    const before = await count();
    const variants = [email.toUpperCase(), email.replace('c', '\uFF43'), email.replace('test', 'ＴＥＳＴ')];
    for (const variant of variants) {
      const again = await new ApiClient(server.url).post('/api/auth/register', { email: variant, password: 'another password', displayName: `Carol ${variant.length}${variants.indexOf(variant)}` });
      expect([again.status, again.body.email]).toEqual([201, email]);
    }
    expect(await count()).toBe(before);
    const outbox = (await client.get('/dev/outbox.json')).body as { to: string; subject: string }[];
    // The owner is warned once: further tries within the hour send nothing more.
    expect(outbox.filter((m) => m.to === email && /tent/.test(m.subject))).toHaveLength(1);
  });

  it('rejects invalid bodies with validation_failed and writes nothing', async () => {
    const client = new ApiClient(server.url);
    const count = async () => first(await server.app.db.select({ n: sql<number>`count(*)` }).from(users))!.n;
    const before = await count();
    for (const body of [
      {},
      { email: 'not-an-email', password: 'a long password', displayName: 'X' },
      { email: uniqueEmail(), password: 'short', displayName: 'X' },
      { email: uniqueEmail(), password: 'a long password', displayName: '   ' },
      { email: uniqueEmail(), password: 'a long password', displayName: 'X'.repeat(81) },
      { email: uniqueEmail(), password: 'a long password', displayName: 'X', admin: true },
    ]) {
      const res = await client.post('/api/auth/register', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
    }
    const malformed = await client.request('POST', '/api/auth/register', '{"email":', {});
    expect(malformed.status).toBe(400);
    expect(malformed.body.error.message).not.toMatch(/at .*\.js/);
    expect(await count()).toBe(before);
  });

  it('requires a CSRF token on every state-changing request', async () => {
    const client = new ApiClient(server.url);
    await client.signUp('dave');
    const withoutToken = await client.request('POST', '/api/rulebooks', { slug: 'csrf-test', title: 'T', language: 'en' }, { csrf: false });
    expect(withoutToken.status).toBe(403);
    expect(withoutToken.body.error.code).toBe('csrf_invalid');
    const forged = await client.request('POST', '/api/auth/logout', {}, { csrf: false, headers: { 'x-csrf-token': 'forged' } });
    expect(forged.status).toBe(403);
    expect((await client.get('/api/me')).status).toBe(200);
    const login = await new ApiClient(server.url).request('POST', '/api/auth/login', { email: 'a@b.cd', password: 'x' }, { csrf: false });
    expect(login.body.error.code).toBe('csrf_invalid');
  });

  it('refuses a CSRF token issued in another session', async () => {
    const first = new ApiClient(server.url);
    const { email, password } = await first.signUp('frank');
    const token = (await first.get('/api/csrf')).body.token;
    // A second session of the same person, in the same browser (same CSRF cookie).
    const second = new ApiClient(server.url);
    await second.post('/api/auth/login', { email, password });
    const sameBrowser = new ApiClient(server.url);
    for (const [name, value] of first.cookies) sameBrowser.cookies.set(name, value);
    sameBrowser.cookies.set('amendo_session', second.cookies.get('amendo_session')!);

    const body = { slug: `csrf-${Date.now().toString(36)}`, title: 'T', language: 'en' };
    const borrowed = await sameBrowser.request('POST', '/api/rulebooks', body, { csrf: false, headers: { 'x-csrf-token': token } });
    expect([borrowed.status, borrowed.body.error.code]).toEqual([403, 'csrf_invalid']);
    const own = await sameBrowser.request('POST', '/api/rulebooks', body);
    expect(own.status).toBe(201);
    const original = await first.request('POST', '/api/rulebooks', { ...body, slug: `${body.slug}-2` }, { csrf: false, headers: { 'x-csrf-token': token } });
    expect(original.status).toBe(201);
  });

  it('answers unknown API routes with a JSON 404', async () => {
    const res = await new ApiClient(server.url).get('/api/nothing-here');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('not_found');
  });

  it('serves the OpenAPI document', async () => {
    const res = await new ApiClient(server.url).get('/api/docs');
    expect(res.body.openapi).toMatch(/^3\./);
    expect(Object.keys(res.body.paths)).toEqual(expect.arrayContaining(['/api/auth/register', '/api/rulebooks/{slug}/draft/import']));
  });
});

describe('rate limits on sign-in', () => {
  it('answers 429 rate_limited after too many attempts', async () => {
    const limited = await startServer({ authRateLimit: 3 });
    try {
      const client = new ApiClient(limited.url);
      const statuses: number[] = [];
      let last;
      for (let i = 0; i < 5; i++) {
        last = await client.post('/api/auth/login', { email: 'x@y.zz', password: 'wrong password' });
        statuses.push(last.status);
      }
      expect(statuses).toEqual([401, 401, 401, 429, 429]);
      expect(last!.body.error.code).toBe('rate_limited');
    } finally {
      await limited.close();
    }
  });
});
