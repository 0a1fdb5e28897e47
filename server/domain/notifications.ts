import { and, eq, inArray } from 'drizzle-orm';
import { first, type Queryable } from '../db/handle.js';
import { amendments, comments, follows, memberships, notificationPreferences, notifications, rulebooks, users } from '../db/schema.js';
import { hasOptedOut } from '../mail/unsubscribe.js';
import type { Domain, Happening } from './context.js';
import { addFollow, followersOf } from './follows.js';
import { composeNotificationMail } from './notification-mail.js';
import type { Delivery, NotificationKindName, NotificationPayload } from '../../shared/validation/notifications.js';

/** How each kind reaches people by mail until they choose otherwise: decisions at once, the rest in the digest. */
export const defaultDelivery: Record<NotificationKindName, Exclude<Delivery, 'off'>> = {
  replies: 'digest',
  decisions: 'immediate',
  new_amendments: 'digest',
  reports: 'digest',
  releases: 'digest',
  consultation: 'immediate',
};

/** Something to tell some people: who, what, and the key that makes it once per person. */
export interface Notice {
  rulebookId: string;
  kind: NotificationKindName;
  eventKey: string;
  payload: NotificationPayload;
  path: string;
  recipients: Set<string>;
}

/** Where a person's mail settings are. */
export const SETTINGS_PATH = '/account#notifications';

/** How a person wants a kind by mail: `off` once they followed its unsubscribe link. */
export async function deliveryFor(q: Queryable, userId: string, kind: NotificationKindName): Promise<Delivery> {
  if (await hasOptedOut(q, userId, kind)) return 'off';
  const row = first(await q.select({ delivery: notificationPreferences.delivery }).from(notificationPreferences).where(and(eq(notificationPreferences.userId, userId), eq(notificationPreferences.kind, kind))));
  return row?.delivery ?? defaultDelivery[kind];
}

/** Organisers of a rulebook. */
async function organisers(q: Queryable, rulebookId: string): Promise<string[]> {
  return (await q.select({ userId: memberships.userId }).from(memberships).where(and(eq(memberships.rulebookId, rulebookId), eq(memberships.role, 'organiser')))).map((r) => r.userId);
}

/** Everyone with a stake in a whole rulebook: its members and whoever follows anything in it. */
export async function rulebookAudience(q: Queryable, rulebookId: string): Promise<Set<string>> {
  const members = await q.select({ userId: memberships.userId }).from(memberships).where(eq(memberships.rulebookId, rulebookId));
  const followers = await q.selectDistinct({ userId: follows.userId }).from(follows).where(eq(follows.rulebookId, rulebookId));
  return new Set([...members, ...followers].map((r) => r.userId));
}

/** Authors follow what they propose and supporters what they support, from the moment it is committed. */
async function followOwnContribution(ctx: Domain, { rulebookId, actor, type, payload }: Happening): Promise<void> {
  if (actor && (type === 'amendment.created' || type === 'amendment.filed' || type === 'amendment.supported' || type === 'amendment.cosigned')) await addFollow(ctx.db, actor.id, rulebookId, 'amendment', String(payload.amendmentId), ctx.clock());
}

/** Who is told of a committed happening, and what; null when it concerns nobody. */
export async function noticeFor(ctx: Domain, happening: Happening): Promise<Notice|null> {
  const { db } = ctx;
  const { rulebookId, type, payload, actor } = happening;
  const rulebook = first(await db.select({ slug: rulebooks.slug, title: rulebooks.title }).from(rulebooks).where(eq(rulebooks.id, rulebookId)));
  if (!rulebook) return null;
  const base = { rulebookId, payload: { type, rulebookTitle: rulebook.title, actorName: actor?.displayName ?? null } as NotificationPayload };
  const page = `/r/${rulebook.slug}`;
  if (type === 'comment.created' && payload.amendmentId) {
    // In an amendment's thread: its followers (its author and supporters unless they stopped) and the person replied to.
    const row = first(await db.select({ number: amendments.number }).from(amendments).where(eq(amendments.id, String(payload.amendmentId))));
    const comment = first(await db.select({ body: comments.body }).from(comments).where(eq(comments.id, String(payload.commentId))));
    if (!row || !comment) return null;
    const recipients = new Set((await db.select({ userId: follows.userId }).from(follows).where(and(eq(follows.target, 'amendment'), eq(follows.targetId, String(payload.amendmentId))))).map((r) => r.userId));
    if (payload.parentId) {
      const parent = first(await db.select({ authorId: comments.authorId }).from(comments).where(eq(comments.id, String(payload.parentId))));
      if (parent) recipients.add(parent.authorId);
    }
    const excerpt = comment.body.length > 140 ? `${comment.body.slice(0, 139)}…` : comment.body;
    return { ...base, kind: 'replies', eventKey: `comment.created:${payload.commentId}`, payload: { ...base.payload, type: 'amendment.commented', number: row.number, excerpt }, path: `${page}/amendments/${payload.amendmentId}`, recipients };
  }
  if (type === 'comment.created' && payload.parentId) {
    const parent = first(await db.select({ authorId: comments.authorId }).from(comments).where(eq(comments.id, String(payload.parentId))));
    const reply = first(await db.select({ body: comments.body }).from(comments).where(eq(comments.id, String(payload.commentId))));
    if (!parent || !reply) return null;
    const excerpt = reply.body.length > 140 ? `${reply.body.slice(0, 139)}…` : reply.body;
    return { ...base, kind: 'replies', eventKey: `comment.created:${payload.commentId}`, payload: { ...base.payload, type: 'comment.replied', excerpt }, path: `${page}?article=${payload.articleId}`, recipients: new Set([parent.authorId]) };
  }
  if (type === 'amendment.accepted' || type === 'amendment.rejected' || type === 'amendment.created' || type === 'amendment.filed') {
    // A filed draft is new to everyone but its co-signers: it is told like a proposal.
    const created = type === 'amendment.created' || type === 'amendment.filed';
    const row = first(await db.select().from(amendments).where(eq(amendments.id, String(payload.amendmentId))));
    if (!row) return null;
    const article = row.kind === 'insert' ? row.afterArticleId : row.articleId;
    const recipients = await followersOf(db, rulebookId, [article], created ? [] : [row.id]);
    const about = { number: row.number, articleNumber: row.decidedArticleNumber ?? row.articleNumber, title: row.appliedTitle ?? row.title };
    const path = `${page}/amendments/${row.id}`;
    if (created) {
      for (const id of await organisers(db, rulebookId)) (recipients).add(id);
      return { ...base, kind: 'new_amendments', eventKey: `amendment.created:${row.id}`, payload: { ...base.payload, type: 'amendment.created', ...about }, path, recipients: recipients };
    }
    return { ...base, kind: 'decisions', eventKey: `amendment.decided:${row.id}`, payload: { ...base.payload, ...about, reason: row.decisionReason }, path, recipients: recipients };
  }
  if (type === 'comment.reported') {
    return { ...base, kind: 'reports', eventKey: `comment.reported:${payload.commentId}`, payload: { ...base.payload, actorName: null }, path: `${page}/moderation`, recipients: new Set(await organisers(db, rulebookId)) };
  }
  if (type === 'release.published') {
    const version = String(payload.version);
    return { ...base, kind: 'releases', eventKey: `release.published:${rulebookId}:${version}`, payload: { ...base.payload, version }, path: `${page}/releases/${version}`, recipients: await rulebookAudience(db, rulebookId) };
  }
  return null;
}

/**
 * Record a notice for each of its recipients (never the person who acted), once per person and event key, and
 * mail it at once to those who want this kind immediately (verified addresses only); the digest takes the
 * rest. Returns the people whose unread count changed.
 */
export async function deliverNotice(ctx: Domain, notice: Notice, actorId: string | null): Promise<string[]> {
  const ids = [...notice.recipients].filter((id) => id !== actorId);
  if (ids.length === 0) return [];
  const now = ctx.clock();
  return ctx.db.transaction(async (tx) => {
    const people = await tx.select().from(users).where(inArray(users.id, ids));
    const told: string[] = [];
    for (const person of people) {
      const delivery = await deliveryFor(tx, person.id, notice.kind);
      const mailable = person.emailVerifiedAt !== null && delivery !== 'off';
      const inserted = first(await tx
        .insert(notifications)
        .values({ userId: person.id, rulebookId: notice.rulebookId, kind: notice.kind, eventKey: notice.eventKey, payload: JSON.stringify(notice.payload), path: notice.path, createdAt: now, digestPending: mailable && delivery === 'digest' })
        .onConflictDoNothing()
        .returning({ id: notifications.id }));
      if (!inserted) continue;
      told.push(person.id);
      if (!mailable || delivery !== 'immediate') continue;
      const sent = await ctx.mail.sendWritten(tx, { userId: person.id, email: person.email, displayName: person.displayName, language: person.language }, notice.kind, (unsubscribe) => composeNotificationMail(person.language, person.displayName, [{ payload: notice.payload, link: ctx.mail.publicUrl() + notice.path }], { unsubscribe, settings: ctx.mail.publicUrl() + SETTINGS_PATH })
);
      if (sent) await tx.update(notifications).set({ mailedAt: now }).where(eq(notifications.id, inserted.id));
    }
    return told;
  });
}

/** Turn a committed happening into notifications (and automatic follows); returns the people whose unread count changed. */
export async function notifyHappening(ctx: Domain, happening: Happening): Promise<string[]> {
  await followOwnContribution(ctx, happening);
  const notice = await noticeFor(ctx, happening);
  return notice ? deliverNotice(ctx, notice, happening.actor?.id ?? null) : [];
}
