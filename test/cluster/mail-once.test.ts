// Two instances draining one mail queue: every mail goes out once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startServer, type TestServer } from '../helpers/server.js';
import { ApiClient, uniqueEmail, waitFor } from '../helpers/client.js';
import { Mailbox } from '../helpers/mail.js';
import { freshDatabase } from './services.js';
import { mailQueue } from '../../server/db/schema.js';

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

  it('sends each mail once, whichever instance queued it and whichever drains the queue', async () => {
    const addresses = Array.from({ length: 12 }, (_, i) => uniqueEmail(`once${i}`));
    // Sign-ups alternate between the instances, each waking its own queue, which also finds the other's mails.
    await Promise.all(
      addresses.map((email, i) => new ApiClient(servers[i % 2]!.url).post('/api/auth/register', { email, password: 'correct horse battery', displayName: `Once ${i}` })),
    );
    await waitFor(() => addresses.every((email) => mailbox.to(email).length > 0), 15_000, 'a verification mail to every address');
    // Every mail is marked sent: a second sending would have been received before the mark.
    await waitFor(async () => (await servers[0]!.app.db.select({ sentAt: mailQueue.sentAt }).from(mailQueue)).every((m) => m.sentAt), 15_000, 'every mail marked sent');
    for (const email of addresses) expect(mailbox.to(email), email).toHaveLength(1);
  });
});
