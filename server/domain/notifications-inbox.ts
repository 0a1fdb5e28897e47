import { and, count, desc, eq, inArray, isNull, lt } from 'drizzle-orm';
import type { Queryable } from '../db/open.js';
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
export function unreadCount(q: Queryable, userId: string): number {
  return q.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, userId), isNull(notifications.readAt))).get()?.n ?? 0;
}

/** The signed-in person's notifications, newest first (page with `before`), and their unread count. */
export function listNotifications({ db }: Domain, actor: Me | null, query: NotificationListQuery): NotificationList {
  const user = requireSignedIn(actor);
  const rows = db
    .select()
    .from(notifications)
    .where(and(eq(notifications.userId, user.id), query.before ? lt(notifications.id, query.before) : undefined))
    .orderBy(desc(notifications.id))
    .limit(query.limit ?? 30)
    .all();
  return {
    unread: unreadCount(db, user.id),
    items: rows.map((r) => ({ id: r.id, kind: r.kind as NotificationKindName, path: r.path, createdAt: r.createdAt.toISOString(), read: r.readAt !== null, payload: JSON.parse(r.payload) as NotificationPayload })),
  };
}

/** Mark some (`ids`) or all of one's notifications read; returns the unread count left. */
export function markNotificationsRead(ctx: Domain, actor: Me | null, body: MarkReadBody): number {
  const user = requireSignedIn(actor);
  const which = body.all ? undefined : inArray(notifications.id, body.ids ?? []);
  ctx.db.update(notifications).set({ readAt: ctx.clock() }).where(and(eq(notifications.userId, user.id), isNull(notifications.readAt), which)).run();
  return unreadCount(ctx.db, user.id);
}

/** Each kind's mail delivery for the signed-in person. */
export function readNotificationPreferences({ db }: Domain, actor: Me | null): Preferences {
  const user = requireSignedIn(actor);
  const kinds = Object.keys(defaultDelivery) as NotificationKindName[];
  return Object.fromEntries(kinds.map((kind) => [kind, deliveryFor(db, user.id, kind)])) as Preferences;
}

/**
 * Choose how one kind of notification comes by mail: `off` is the same as its one-click unsubscribe link; any
 * other choice undoes that (and choosing the digest resumes a digest stopped by its link).
 */
export function setNotificationPreference(ctx: Domain, actor: Me | null, { kind, delivery }: PreferencesPatch): Preferences {
  const user = requireSignedIn(actor);
  ctx.db.transaction((tx) => {
    if (delivery === 'off') {
      tx.insert(mailOptOuts).values({ userId: user.id, kind, createdAt: ctx.clock() }).onConflictDoNothing().run();
      return;
    }
    const resumed = delivery === 'digest' ? [kind, 'digest'] : [kind];
    tx.delete(mailOptOuts).where(and(eq(mailOptOuts.userId, user.id), inArray(mailOptOuts.kind, resumed))).run();
    tx.insert(notificationPreferences)
      .values({ userId: user.id, kind, delivery })
      .onConflictDoUpdate({ target: [notificationPreferences.userId, notificationPreferences.kind], set: { delivery } })
      .run();
  });
  return readNotificationPreferences(ctx, user);
}
