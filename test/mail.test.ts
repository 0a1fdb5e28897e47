import { first } from '../server/db/handle.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { eq } from 'drizzle-orm';
import { startServer, type TestServer } from './helpers/server.js';
import { startChildServer } from './helpers/child-server.js';
import { ApiClient, uniqueEmail, waitFor } from './helpers/client.js';
import { Mailbox, linksIn, outboxInbox } from './helpers/mail.js';
import { mailQueue } from '../server/db/schema.js';

let mailbox: Mailbox;
let server: TestServer;
beforeAll(async () => {
  mailbox = await Mailbox.start();
  server = await startServer({ smtpUrl: mailbox.url, mailFrom: 'Amendo test <amendo@test.amendo>', mailRetryMs: 50 });
});
afterAll(async () => {
  await server.close();
  await mailbox.close();
});

const signUpBody = (email: string, language?: 'fr' | 'en') => ({ email, password: 'a long password', displayName: `Someone ${email.split('@')[0]}`, ...(language ? { language } : {}) });

describe('mail over SMTP', () => {
  it('sends the verification mail in the language chosen at sign-up, as text and HTML, from MAIL_FROM', async () => {
    const anonymous = new ApiClient(server.url, mailbox);
    const english = uniqueEmail('english');
    const french = uniqueEmail('french');
    expect((await anonymous.post('/api/auth/register', signUpBody(english, 'en'))).status).toBe(201);
    expect((await anonymous.post('/api/auth/register', signUpBody(french))).status).toBe(201);

    const en = await mailbox.nth(english);
    expect(en.subject).toBe('Confirm your e-mail address');
    expect(en.from?.text).toBe('"Amendo test" <amendo@test.amendo>');
    expect(en.text).toMatch(/Confirm my address: http:\/\/127\.0\.0\.1:\d+\/verify-email#[\w-]{40,}/);
    expect(en.html).toContain('<a href="http://127.0.0.1:');
    expect(en.headerLines.some((h) => h.key === 'list-unsubscribe')).toBe(false);
    const fr = await mailbox.nth(french);
    expect(fr.subject).toBe('Confirmez votre adresse e-mail');
    expect(fr.html).toMatch(/<html lang="fr">/);
  });

  it('gives a notification a one-click unsubscribe link that works signed out, and sends that kind no more', async () => {
    const owner = new ApiClient(server.url, mailbox);
    const { email } = await owner.signUp('owner');
    const stranger = new ApiClient(server.url, mailbox);
    await stranger.post('/api/auth/register', { ...signUpBody(email), displayName: 'Impostor one' });
    const alert = await mailbox.nth(email, 2);
    expect(alert.subject).toBe("Quelqu'un a tenté de s'inscrire avec votre adresse");
    const unsubscribe = linksIn(alert.text!).find((l) => l.includes('/unsubscribe/'))!;
    const header = (name: string) => alert.headerLines.find((h) => h.key === name)?.line.replace(/\r?\n\s+/g, ' ');
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribe}>`);
    expect(header('list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // What a mail client does for RFC 8058 one-click: a POST with no cookie and no CSRF token.
    const res = await fetch(unsubscribe, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect([res.status, await res.json()]).toEqual([200, { kind: 'account_alerts' }]);
    const forged = await fetch(unsubscribe.replace(/.$/, (c) => (c === 'A' ? 'B' : 'A')), { method: 'POST' });
    expect(forged.status).toBe(404);

    await stranger.post('/api/auth/register', { ...signUpBody(email), displayName: 'Impostor two' });
    // Mail leaves in the order queued: once this reset mail is in, an alert queued before it would be too.
    await stranger.post('/api/auth/forgot', { email });
    const reset = await mailbox.nth(email, 3);
    expect(reset.subject).toBe('Choisissez un nouveau mot de passe');
    expect(mailbox.to(email)).toHaveLength(3);
  });

  it('retries a mail the server refuses for now, with backoff, until it goes', async () => {
    mailbox.refuse = 2;
    const email = uniqueEmail('retried');
    await new ApiClient(server.url, mailbox).post('/api/auth/register', signUpBody(email, 'en'));
    const mail = await mailbox.nth(email);
    expect(mail.subject).toBe('Confirm your e-mail address');
    const row = first(await server.app.db.select().from(mailQueue).where(eq(mailQueue.recipient, email)))!;
    expect(row.attempts).toBe(3);
    expect(row.sentAt).not.toBeNull();
  });
});

describe('the mail queue across a crash', () => {
  const children: ChildProcess[] = [];
  const dirs: string[] = [];
  afterEach(() => {
    children.splice(0).forEach((c) => c.kill('SIGKILL'));
    dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  });

  /** A child-process server sending mail to `smtpUrl`, killed by the clean-up; resolves with its URL. */
  async function startChild(databasePath: string, smtpUrl: string): Promise<string> {
    const { child, url } = await startChildServer(databasePath, { SMTP_URL: smtpUrl });
    children.push(child);
    return url;
  }

  it('delivers after a restart a mail whose sending was cut short by kill -9', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amendo-mail-'));
    dirs.push(dir);
    const databasePath = join(dir, 'amendo.db');
    const stuck = await Mailbox.start();
    stuck.stall = true;
    const url = await startChild(databasePath, stuck.url);
    const email = uniqueEmail('durable');
    expect((await new ApiClient(url).post('/api/auth/register', signUpBody(email, 'en'))).status).toBe(201);
    await waitFor(() => stuck.stalled === 1, 10_000, 'the mail to be half sent');
    children[0]!.kill('SIGKILL');
    await new Promise((resolve) => children[0]!.once('exit', resolve));
    await stuck.close();

    const healthy = await Mailbox.start();
    const restarted = await startServer({ databasePath, smtpUrl: healthy.url });
    try {
      const mail = await healthy.nth(email);
      expect(mail.subject).toBe('Confirm your e-mail address');
      const verified = await new ApiClient(restarted.url).post('/api/auth/verify', { token: new URL(linksIn(mail.text!)[0]!).hash.slice(1) });
      expect(verified.status).toBe(200);
    } finally {
      await restarted.close();
      await healthy.close();
    }
  });
});

describe('the local outbox (no SMTP server)', () => {
  it('writes .eml files, lists them at /dev/outbox with their links, and is absent when SMTP is set', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'amendo-outbox-test-'));
    const local = await startServer({ outboxDir: dir });
    try {
      const email = uniqueEmail('outboxed');
      await new ApiClient(local.url).post('/api/auth/register', signUpBody(email, 'en'));
      const link = await outboxInbox(local.url).linkTo(email, '/verify-email');
      const page = await fetch(`${local.url}/dev/outbox`);
      expect(page.headers.get('content-type')).toMatch(/text\/html/);
      const html = await page.text();
      expect(html).toContain(email);
      expect(html).toContain(`href="${link}"`);
      type Entry = { to: string; file: string | null };
      const file = await waitFor(async () => ((await (await fetch(`${local.url}/dev/outbox.json`)).json()) as Entry[]).find((e) => e.to === email)?.file);
      const parsed = await simpleParser(readFileSync(join(dir, file)));
      expect(parsed.subject).toBe('Confirm your e-mail address');
      expect(parsed.text).toContain(link);
      expect((await fetch(`${local.url}/dev/outbox/${file}`)).status).toBe(200);
    } finally {
      await local.close();
      rmSync(dir, { recursive: true, force: true });
    }
    expect((await fetch(`${server.url}/dev/outbox`)).status).toBe(404);
    const production = await startServer({ outboxPage: false });
    try {
      expect((await fetch(`${production.url}/dev/outbox.json`)).status).toBe(404);
    } finally {
      await production.close();
    }
  });
});
