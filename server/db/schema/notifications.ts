// Following, notifications and their mail preferences, and the consultation notices already sent.
import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.js';
import { rulebooks } from './rulebooks.js';

/**
 * What a person follows: a whole rulebook (`targetId` = the rulebook's id), one article (its stable article id)
 * or one amendment. Authors follow their amendments and supporters what they support, automatically.
 */
export const follows = sqliteTable(
  'follows',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    target: text('target', { enum: ['rulebook', 'article', 'amendment'] }).notNull(),
    targetId: text('target_id').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.target, t.targetId] }), index('follows_target_idx').on(t.target, t.targetId)],
);

/**
 * In-app notifications, one per person and happening (`eventKey` is unique per person, so a happening announced
 * twice neither notifies nor mails twice). `mailedAt` is set when it went out by mail, alone or in a digest.
 */
export const notifications = sqliteTable(
  'notifications',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    /** The notification kind (a `NotificationKind`): what a person chooses immediate, digest or no mail for. */
    kind: text('kind').notNull(),
    eventKey: text('event_key').notNull(),
    /** JSON of what the notification says (type, titles, numbers, reason…), written when it happened. */
    payload: text('payload').notNull(),
    /** Where the notification leads, a path on this site. */
    path: text('path').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    readAt: integer('read_at', { mode: 'timestamp_ms' }),
    /** Whether it waits for its person's daily digest mail. */
    digestPending: integer('digest_pending', { mode: 'boolean' }).notNull().default(false),
    mailedAt: integer('mailed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('notifications_event_idx').on(t.userId, t.eventKey), index('notifications_user_idx').on(t.userId, t.readAt, t.id), index('notifications_digest_idx').on(t.digestPending, t.createdAt)],
);

/** How a person wants a kind of notification by mail when it is not the default (no row: the kind's default). */
export const notificationPreferences = sqliteTable(
  'notification_preferences',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    delivery: text('delivery', { enum: ['immediate', 'digest'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Consultation notices already sent (opening, closing in 24 h, closed), per rulebook and window instant. */
export const consultationNotices = sqliteTable(
  'consultation_notices',
  {
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    notice: text('notice', { enum: ['opened', 'closing', 'closed'] }).notNull(),
    /** The window instant the notice is about (opensAt or closesAt): a new window gets new notices. */
    at: integer('at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.rulebookId, t.notice, t.at] })],
);
