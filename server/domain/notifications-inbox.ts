import { and, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import { first, type Queryable } from '../db/handle.js';
import { mailOptOuts, notificationPreferences, notifications } from '../db/schema.js';
import { requireSignedIn } from './access.js';
import type { Domain } from './context.js';
import { defaultDelivery, deliveryFor } from './notifications.js';
import type { Me } from '../../shared/validation/api.js';
import type {
  MarkReadBody,
  NotificationKindName,
  NotificationList,
  NotificationListQuery,
  NotificationPayload,
  Preferences,
  PreferencesPatch,
} from '../../shared/validation/notifications.js';

/** How many of a person's notifications are unread. */
export async function unreadCount(q: Queryable, userId: string): Promise<number> {
  return first(await q.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))))?.n ?? 0;
}

/** The signed-in person's notifications, newest first (page with `before`), and their unread count. */
export async function listNotifications({ db }: Domain, actor: Me | null, query: NotificationListQuery): Promise<NotificationList> {
  const user = requireSignedIn(actor);
  const rows = await db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), query.before ? lt(notifications.id, query.before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(query.limit ?? 30);
  return {
    unread: await unreadCount(db, user.id),
    items: rows.map((r) => ({ id: r.id, kind: r.kind as NotificationKindName, path: r.path, createdAt: r.createdAt.toISOString(), read: r.readAt !== null, payload: JSON.parse(r.payload) as NotificationPayload })),
  };
}

/** Mark some (`ids`) or all of one's notifications read; returns the unread count left. */
export async function markNotificationsRead(ctx: Domain, actor: Me | null, body: MarkReadBody): Promise<number> {
  const user = requireSignedIn(actor);
  const which = body.all ? undefined : inArray(notifications.id, body.ids ?? []);
  await ctx.db.update(notifications).set({ readAt: ctx.clock() }).where(and(eq(notifications.userId, user.id), isNull(notifications.readAt), which));
  return unreadCount(ctx.db, user.id);
}

/** Each kind's mail delivery for the signed-in person. */
export async function readNotificationPreferences({ db }: Domain, actor: Me | null): Promise<Preferences> {
  const user = requireSignedIn(actor);
  const kinds = Object.keys(defaultDelivery) as NotificationKindName[];
  return Object.fromEntries(await Promise.all(kinds.map(async (kind) => [kind, await deliveryFor(db, user.id, kind)]))) as Preferences;
}

/**
 * Choose how one kind of notification comes by mail: `off` is the same as its one-click unsubscribe link; any
 * other choice undoes that (and choosing the digest resumes a digest stopped by its link).
 */
export async function setNotificationPreference(ctx: Domain, actor: Me | null, { kind, delivery }: PreferencesPatch): Promise<Preferences> {
  const user = requireSignedIn(actor);
  await ctx.db.transaction(async (tx) => {
    if (delivery === 'off') {
      await tx.insert(mailOptOuts).values({ userId: user.id, kind, createdAt: ctx.clock() }).onConflictDoNothing();
      return;
    }
    const resumed = delivery === 'digest' ? [kind, 'digest'] : [kind];
    await tx.delete(mailOptOuts).where(and(eq(mailOptOuts.userId, user.id), inArray(mailOptOuts.kind, resumed)));
    await tx.insert(notificationPreferences)
      .values({ userId: user.id, kind, delivery })
      .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { delivery } });
  });
  return readNotificationPreferences(ctx, user);
}
