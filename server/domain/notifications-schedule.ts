import { first } from '../db/handle.js';
import { runAlone } from '../db/singleton.js';
import { and, asc, eq, inArray, isNotNull, lt } from 'drizzle-orm';
import { consultationNotices, notifications, rulebooks, users } from '../db/schema.js';
import { hasOptedOut, NotificationKind } from '../mail/unsubscribe.js';
import type { Domain } from './context.js';
import { composeNotificationMail } from './notification-mail.js';
import { deliverNotice, rulebookAudience, SETTINGS_PATH } from './notifications.js';
import type { NotificationKindName, NotificationPayload } from '../../shared/validation/notifications.js';

/** The hour (UTC) the daily digest goes out: it carries everything that waited until then. */
export const DIGEST_HOUR_UTC = 6;
/** A consultation notice older than this when first due (a server that was down, a window set in the past) is not sent. */
const STALE_NOTICE_MS = 48 * 3600_000;
const DAY_MS = 24 * 3600_000;

/** The latest digest time at or before `now`. */
export function lastDigestTime(now: Date): Date {
  const at = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), DIGEST_HOUR_UTC));
  return at <= now ? at : new Date(at.getTime() - DAY_MS);
}

/**
 * Mail each person one digest of the notifications that waited for it until the last digest time (kinds they
 * stopped since are left out). Runs any number of times, also at the same moment on several instances: each
 * person's notifications are taken off the wait inside the transaction that mails them, so nothing goes twice.
 * Returns how many digests were queued.
 */
export async function sendDigests(ctx: Domain): Promise<number> {
  const now = ctx.clock();
  const waiting = await ctx.db
    .select()
    .from(notifications)
    .where(and(eq(notifications.digestPending, true), lt(notifications.createdAt, lastDigestTime(now))))
    .orderBy(asc(notifications.userId), asc(notifications.id));
  const byPerson = new Map<string, typeof waiting>();
  for (const n of waiting) byPerson.set(n.userId, [...(byPerson.get(n.userId) ?? []), n]);
  let sent = 0;
  for (const [userId, items] of byPerson) {
    await ctx.db.transaction(async (tx) => {
      // Those still waiting, taken: a digest being sent for them elsewhere holds them until it commits, and this
      // update then finds them no longer waiting (as settleSupports does with supports).
      const stillWaiting = and(inArray(notifications.id, items.map((n) => n.id)), eq(notifications.digestPending, true));
      const taken = new Set((await tx.update(notifications).set({ digestPending: false }).where(stillWaiting).returning({ id: notifications.id })).map((n) => n.id));
      const person = first(await tx.select().from(users).where(eq(users.id, userId)));
      const kept: typeof items = [];
      for (const n of items) if (taken.has(n.id) && !(await hasOptedOut(tx, userId, n.kind as NotificationKindName))) kept.push(n);
      if (person?.emailVerifiedAt && kept.length > 0) {
        const base = ctx.mail.publicUrl();
        const mailed = await ctx.mail.sendWritten(tx, { userId, email: person.email, displayName: person.displayName, language: person.language }, NotificationKind.digest, (unsubscribe) => composeNotificationMail(person.language, person.displayName, kept.map((n) => ({ payload: JSON.parse(n.payload) as NotificationPayload, link: base + n.path })), { unsubscribe, settings: base + SETTINGS_PATH })
);
        if (mailed) {
          sent++;
          await tx.update(notifications).set({ mailedAt: now }).where(inArray(notifications.id, kept.map((n) => n.id)));
        }
      }
    });
  }
  return sent;
}

type NoticeName = (typeof consultationNotices.$inferSelect)['notice'];

/** The consultation notices due at `now` for a window: which one, and the window instant it is about. */
function dueNotices(opensAt: Date, closesAt: Date, now: Date): { notice: NoticeName; at: Date; dueAt: Date }[] {
  const due: { notice: NoticeName; at: Date; dueAt: Date }[] = [];
  if (opensAt <= now && now < closesAt) due.push({ notice: 'opened', at: opensAt, dueAt: opensAt });
  const closingAt = new Date(closesAt.getTime() - DAY_MS);
  if (closingAt <= now && now < closesAt && closingAt > opensAt) due.push({ notice: 'closing', at: closesAt, dueAt: closingAt });
  if (closesAt <= now) due.push({ notice: 'closed', at: closesAt, dueAt: closesAt });
  return due.filter((d) => now.getTime() - d.dueAt.getTime() < STALE_NOTICE_MS);
}

/**
 * Tell a rulebook's members and followers that its consultation opened, closes within 24 hours, or closed,
 * computed from the window each time it runs (so a restart misses nothing), and recorded per window instant in the
 * transaction that delivers it, so that no notice goes twice, even when several instances run this at the same
 * moment (the second insert of a record waits for the first's commit, then inserts nothing), and none is lost to
 * a crash between the two; a new window gets its own notices. Returns the people whose unread count changed.
 */
export async function sendConsultationNotices(ctx: Domain): Promise<string[]> {
  const now = ctx.clock();
  const told = new Set<string>();
  const scheduled = await ctx.db.select().from(rulebooks).where(and(isNotNull(rulebooks.opensAt), isNotNull(rulebooks.closesAt)));
  for (const rulebook of scheduled) {
    for (const { notice, at } of dueNotices(rulebook.opensAt!, rulebook.closesAt!, now)) {
      const delivered = await ctx.db.transaction(async (tx) => {
        const fresh = first(await tx.insert(consultationNotices).values({ rulebookId: rulebook.id, notice, at, sentAt: now }).onConflictDoNothing().returning());
        if (!fresh) return [];
        const payload: NotificationPayload = { type: `consultation.${notice}`, rulebookTitle: rulebook.title, at: at.toISOString() };
        const recipients = await rulebookAudience(tx, rulebook.id);
        const key = `consultation.${notice}:${rulebook.id}:${at.getTime()}`;
        return deliverNotice(ctx, { rulebookId: rulebook.id, kind: 'consultation', eventKey: key, payload, path: `/r/${rulebook.slug}`, recipients }, null);
      });
      for (const id of delivered) told.add(id);
    }
  }
  return [...told];
}

/**
 * One round of the schedule: the consultation notices, then the digests, on one instance at a time (another
 * instance's round in progress makes this one skip, the next finds what is left). Returns the people whose unread
 * count changed, or null when skipped.
 */
export async function runNotificationSchedule(ctx: Domain): Promise<string[] | null> {
  let told: string[] = [];
  const ran = await runAlone(ctx.db, 'notification-schedule', async () => {
    told = await sendConsultationNotices(ctx);
    await sendDigests(ctx);
  });
  return ran ? told : null;
}
