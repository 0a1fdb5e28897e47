// Two instances draining one mail queue, and running the notification schedule at the same moment: every mail goes
// out once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, uniqueEmail, waitFor } from '../helpers/client.js';
import { Mailbox } from '../helpers/mail.js';
import { openConsultation, uniqueSlug } from '../helpers/fixtures.js';
import { rulebookMarkdown } from '../helpers/draft.js';
import { freshDatabase } from './services.js';
import { mailQueue, notifications } from '../../server/db/schema.js';
import { sendConsultationNotices, sendDigests } from '../../server/domain/notifications-schedule.js';

describe('two instances sending the mail of one database', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  let mailbox: Mailbox;
  let servers: TestServer[] = [];
  beforeEach(async () => {
    database = await freshDatabase();
    mailbox = await Mailbox.start();
    servers = [await startServer({ databaseUrl: database.url, smtpUrl: mailbox.url }), await startServer({ databaseUrl: database.url, smtpUrl: mailbox.url })];
  });
  afterEach(async () => {
    await Promise.all(servers.map((s) => s.close()));
    await mailbox.close();
    await database?.drop();
  });

  /** Every queued mail is marked sent: a second sending would have been received before the mark. */
  const mailSettled = () => waitFor(async () => (await servers[0]!.app.db.select({ sentAt: mailQueue.sentAt }).from(mailQueue)).every((m) => m.sentAt), 15_000, 'every mail marked sent');

  /**
   * An organiser's rulebook with an open consultation, and `count` people following its first article, signed up on
   * alternate instances (in French, the language of a sign-up that names none). Returns its people's addresses.
   */
  async function followedRulebook(count: number) {
    const organiser = new ApiClient(servers[0]!.url, mailbox);
    const people = [await organiser.signUp('Organiser')];
    const slug = uniqueSlug('once');
    expect((await organiser.post('/api/rulebooks', { slug, title: 'Club rules', language: 'en' })).status).toBe(201);
    const { body: draft } = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: rulebookMarkdown(2) });
    await openConsultation(organiser, slug);
    const articleId = draft.articles[0].id as string;
    for (let i = 0; i < count; i++) {
      const follower = new ApiClient(servers[i % 2]!.url, mailbox);
      people.push(await follower.signUp(`Follower ${i}`));
      expect((await follower.request('PUT', `/api/rulebooks/${slug}/follows`, { target: 'article', id: articleId, follow: true })).status).toBe(200);
    }
    // Mail goes to the address as stored, lower-cased.
    return { slug, articleId, emails: people.map((p) => p.email.toLowerCase()) };
  }

  /** From now on, both instances' clocks say it is `hours` later. */
  const hoursLater = (hours: number) => {
    for (const s of servers) s.app.domain.clock = () => new Date(Date.now() + hours * 3600_000);
  };

  it('sends each mail once, whichever instance queued it and whichever drains the queue', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => uniqueEmail(`once${i}`));
    // Sign-ups alternate between the instances, each waking its own queue, which also finds the other's mails.
    await Promise.all(
      addresses.map((email, i) => new ApiClient(servers[i % 2]!.url).post('/api/auth/register', { email, password: 'correct horse battery', displayName: `Once ${i}` })),
    );
    await waitFor(() => addresses.every((email) => mailbox.to(email).length > 0), 15_000, 'a verification mail to every address');
    await mailSettled();
    for (const email of addresses) expect(mailbox.to(email), email).toHaveLength(1);
  });

  it("sends each person one digest when both instances send the morning's digests at the same moment", async () => {
    const { slug, articleId, emails } = await followedRulebook(4);
    const proposer = new ApiClient(servers[1]!.url, mailbox);
    await proposer.signUp('Proposer');
    for (const text of ['Teams of four.', 'Teams of nine.']) {
      expect((await proposer.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId, text, rationale: 'Clearer.' })).status).toBe(201);
    }
    // Both proposals wait for the digest of the organiser and of each follower.
    const waiting = () => servers[0]!.app.db.select().from(notifications).where(eq(notifications.digestPending, true));
    await waitFor(async () => (await waiting()).length === emails.length * 2, 10_000, 'two notifications waiting for each digest');

    hoursLater(24);
    const sent = await Promise.all(servers.map((s) => sendDigests(s.app.domain)));

    expect(sent[0]! + sent[1]!).toBe(emails.length);
    expect(await waiting()).toHaveLength(0);
    await mailSettled();
    for (const email of emails) expect(mailbox.to(email).filter((m) => m.subject!.startsWith('Votre résumé')).map((m) => m.subject), email).toEqual(['Votre résumé Amendo : 2 notifications']);
  });

  it('sends each consultation notice once when both instances find it due at the same moment', async () => {
    const { emails } = await followedRulebook(3);

    // Two days on, the consultation has closed: each instance's schedule finds the notice due.
    hoursLater(48);
    const told = await Promise.all(servers.map((s) => sendConsultationNotices(s.app.domain)));

    expect([...told[0]!, ...told[1]!]).toHaveLength(emails.length);
    await mailSettled();
    for (const email of emails) expect(mailbox.to(email).filter((m) => m.subject === 'La consultation sur « Test rules » est close.'), email).toHaveLength(1);
  });
});
