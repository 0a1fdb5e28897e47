import { randomUUID } from 'node:crypto';
import { and, asc, eq, isNull, lte } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { afterCommit, first, sharedWithOthers, type Db, type Queryable } from '../db/handle.js';
import { mailQueue } from '../db/schema.js';
import type { MailTransport, OutgoingMail } from './transport.js';

/** How the queue retries. */
export interface QueueOptions {
  /** Delay before the first retry; each further failure doubles it, up to `MAX_RETRY_MS`. */
  retryBaseMs: number;
}

/** The longest wait between two attempts at one mail. */
const MAX_RETRY_MS = 3600_000;
/**
 * With several instances draining one queue, each takes a mail before sending it, by moving its next attempt this far
 * ahead: another instance sends it only if this one stopped before marking it sent.
 */
const SEND_LEASE_MS = 10 * 60_000;

/** A mail to queue: who gets it, its kind (for opt-outs and tests), and its rendered content. */
export type QueuedMail = Omit<OutgoingMail, 'messageId'> & { kind: string };

/** Whether an SMTP error is final (5xx: the address or the message is refused), so retrying would not help. */
const isPermanent = (err: unknown) => {
  const code = (err as { responseCode?: number }).responseCode;
  return typeof code === 'number' && code >= 500;
};

/**
 * Outgoing mail, kept in the `mail_queue` table until sent: queuing is one insert (in the caller's transaction),
 * sending happens afterwards, one mail at a time, so no request waits for a mail server. A failed attempt is
 * retried with exponential backoff; a mail whose attempt was cut short by a stop is still unsent and goes at the
 * next start (so a receiver may get it twice, with the same Message-ID).
 */
export class MailQueue {
  private running = false;
  private again = false;
  private closed = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly db: Db,
    private readonly transport: MailTransport,
    private readonly log: FastifyBaseLogger,
    private readonly options: QueueOptions,
  ) {}

  /** Queue a mail; it leaves once the surrounding transaction (if any) has committed. */
  async enqueue(q: Queryable, mail: QueuedMail, now = new Date()): Promise<void> {
    const { kind, to, subject, text, html, headers } = mail;
    await q.insert(mailQueue)
      .values({ messageId: `${randomUUID()}@amendo`, recipient: to, kind, subject, text, html, headers: JSON.stringify(headers), nextAttemptAt: now, createdAt: now });
    afterCommit(() => setImmediate(() => this.kick()));
  }

  /** Send every mail that is due now, then wait for the next one due. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void this.drain()
      .catch((err: unknown) => this.log.error({ err }, 'could not read the mail queue'))
      .finally(() => {
        this.running = false;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stop sending; what is unsent stays queued for the next start. */
  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.transport.close();
  }

  private async due(now: Date) {
    return first(await this.db
      .select()
      .from(mailQueue)
      .where(and(isNull(mailQueue.sentAt), isNull(mailQueue.failedAt), lte(mailQueue.nextAttemptAt, now)))
      .orderBy(asc(mailQueue.nextAttemptAt), asc(mailQueue.id)));
  }

  /**
   * Take a due mail for this instance, when others drain the same queue (a mail they took is no longer due here);
   * alone on its database, an instance has nothing to take (and a mail a crash cut short goes again at the next start).
   */
  private async take(row: { id: number; nextAttemptAt: Date }): Promise<boolean> {
    if (!sharedWithOthers(this.db)) return true;
    const taken = await this.db
      .update(mailQueue)
      .set({ nextAttemptAt: new Date(Date.now() + SEND_LEASE_MS) })
      .where(and(eq(mailQueue.id, row.id), eq(mailQueue.nextAttemptAt, row.nextAttemptAt), isNull(mailQueue.sentAt)))
      .returning({ id: mailQueue.id });
    return taken.length === 1;
  }

  private async drain(): Promise<void> {
    for (let row = await this.due(new Date()); row && !this.closed; row = await this.due(new Date())) {
      if (!(await this.take(row))) continue;
      const { messageId, recipient: to, subject, text, html } = row;
      try {
        await this.transport.send({ messageId, to, subject, text, html, headers: JSON.parse(row.headers) as Record<string, string> });
        if (this.closed) return;
        await this.db.update(mailQueue).set({ sentAt: new Date(), attempts: row.attempts + 1, lastError: null }).where(eq(mailQueue.id, row.id));
      } catch (err) {
        if (this.closed) return;
        const attempts = row.attempts + 1;
        const permanent = isPermanent(err);
        const retryIn = Math.min(this.options.retryBaseMs * 2 ** (attempts - 1), MAX_RETRY_MS);
        await this.db
          .update(mailQueue)
          .set({ attempts, lastError: String((err as Error).message ?? err).slice(0, 500), ...(permanent ? { failedAt: new Date() } : { nextAttemptAt: new Date(Date.now() + retryIn) }) })
          .where(eq(mailQueue.id, row.id));
        this.log[permanent ? 'error' : 'warn']({ err, mail: row.id, kind: row.kind, attempts }, permanent ? 'mail refused for good' : 'could not send a mail; will retry');
      }
    }
    await this.scheduleNext();
  }

  private async scheduleNext(): Promise<void> {
    if (this.closed) return;
    const next = first(await this.db
      .select({ at: mailQueue.nextAttemptAt })
      .from(mailQueue)
      .where(and(isNull(mailQueue.sentAt), isNull(mailQueue.failedAt)))
      .orderBy(asc(mailQueue.nextAttemptAt)));
    if (this.timer) clearTimeout(this.timer);
    this.timer = next ? setTimeout(() => this.kick(), Math.max(0, next.at.getTime() - Date.now())).unref() : null;
  }
}
