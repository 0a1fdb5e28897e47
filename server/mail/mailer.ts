import { eq } from 'drizzle-orm';
import { first, type Db, type Queryable } from '../db/handle.js';
import { mailOptOuts, users } from '../db/schema.js';
import { errors } from '../errors.js';
import { composeMail, type ComposedMail, type MailLanguage, type MailMessage } from './messages.js';
import type { MailQueue } from './queue.js';
import { hasOptedOut, readUnsubscribeToken, unsubscribeToken, type NotificationKind } from './unsubscribe.js';

/** Who a mail is for. `userId` is null for an address no account uses yet. */
export interface Recipient {
  userId: string | null;
  email: string;
  displayName: string;
  language: MailLanguage;
}

/**
 * Writes mail in each recipient's language and queues it: the one way the domain sends mail. Links point at
 * `publicUrl()`; a notification (a mail one may stop) carries a signed one-click unsubscribe link and the
 * List-Unsubscribe headers, and is not queued for someone who stopped its kind.
 */
export class Mailer {
  constructor(
    private readonly queue: MailQueue,
    private readonly secret: string,
    /** Where people reach this server, e.g. `https://amendo.example.org` (no trailing slash). */
    readonly publicUrl: () => string,
  ) {}

  /**
   * Queue `message` to `to` with its link to `path` on this site (sent after the transaction of `q` commits);
   * `params` fill the wording's other `{placeholders}` (e.g. `{rulebook}`).
   */
  async send(q: Queryable, to: Recipient, message: MailMessage, path: string, notification?: NotificationKind, params: Record<string, string> = {}): Promise<void> {
    if (notification && to.userId && await hasOptedOut(q, to.userId, notification)) return;
    const unsubscribe = notification && to.userId ? `${this.publicUrl()}/unsubscribe/${unsubscribeToken(this.secret, to.userId, notification)}` : undefined;
    const mail = composeMail(message, to.language, { ...params, name: to.displayName, link: this.publicUrl() + path, unsubscribe });
    const headers: Record<string, string> = unsubscribe ? { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {};
    await this.queue.enqueue(q, { kind: notification ?? message, to: to.email, ...mail, headers });
  }

  /**
   * Queue a mail the caller writes (notifications and digests), with the one-click unsubscribe link of `kind`
   * handed to `write` and set in the headers; nothing is queued, and false returned, if the person stopped `kind`.
   */
  async sendWritten(q: Queryable, to: Recipient & { userId: string }, kind: NotificationKind, write: (unsubscribe: string) => ComposedMail): Promise<boolean> {
    if (await hasOptedOut(q, to.userId, kind)) return false;
    const unsubscribe = `${this.publicUrl()}/unsubscribe/${unsubscribeToken(this.secret, to.userId, kind)}`;
    const headers = { 'List-Unsubscribe': `<${unsubscribe}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' };
    await this.queue.enqueue(q, { kind, to: to.email, ...write(unsubscribe), headers });
    return true;
  }

  /** Stop the kind of mail an unsubscribe token names (no sign-in needed: the signed token is the proof). */
  async unsubscribe(db: Db, token: string, now = new Date()): Promise<{ kind: NotificationKind; }> {
    const named = readUnsubscribeToken(this.secret, token);
    if (!named || !first(await db.select({ id: users.id }).from(users).where(eq(users.id, named.userId)))) {
      throw errors.unsubscribeLinkInvalid();
    }
    await db.insert(mailOptOuts).values({ userId: named.userId, kind: named.kind, createdAt: now }).onConflictDoNothing();
    return { kind: named.kind };
  }
}
