import { createHmac, timingSafeEqual } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { first, type Queryable } from '../db/handle.js';
import { mailOptOuts } from '../db/schema.js';

/** Kinds of mail a person may stop with one click; mail about their account itself (verification, reset) always goes. */
export const NotificationKind = {
  /** "Someone tried to sign up with your address." */
  accountAlerts: 'account_alerts',
  /** Notifications (server/domain/notifications.ts), one kind per choice on the account page. */
  replies: 'replies',
  decisions: 'decisions',
  newAmendments: 'new_amendments',
  reports: 'reports',
  releases: 'releases',
  consultation: 'consultation',
  /** The daily digest of notifications, whatever their kinds. */
  digest: 'digest',
} as const;
export type NotificationKind = (typeof NotificationKind)[keyof typeof NotificationKind];

const kinds = new Set<string>(Object.values(NotificationKind));

const sign = (secret: string, userId: string, kind: string) => createHmac('sha256', secret).update(`unsubscribe:${userId}:${kind}`).digest('base64url');

/** A token that lets whoever holds it stop one kind of mail to one person, without signing in. */
export function unsubscribeToken(secret: string, userId: string, kind: NotificationKind): string {
  return `${userId}.${kind}.${sign(secret, userId, kind)}`;
}

/** The person and kind a token names, if it was signed with `secret`. */
export function readUnsubscribeToken(secret: string, token: string): { userId: string; kind: NotificationKind } | null {
  const [userId, kind, signature, ...rest] = token.split('.');
  if (!userId || !kind || !signature || rest.length || !kinds.has(kind)) return null;
  const expected = Buffer.from(sign(secret, userId, kind));
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected) ? { userId, kind: kind as NotificationKind } : null;
}

/** Whether a person stopped a kind of mail. */
export async function hasOptedOut(q: Queryable, userId: string, kind: NotificationKind): Promise<boolean> {
  return first(await q.select({ kind: mailOptOuts.kind }).from(mailOptOuts).where(and(eq(mailOptOuts.userId, userId), eq(mailOptOuts.kind, kind)))) !== undefined;
}
