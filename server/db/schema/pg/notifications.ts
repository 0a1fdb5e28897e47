// PostgreSQL: following, notifications and their mail preferences, and the consultation notices already sent.
// The same tables as ../notifications.ts, which says what each column means; test/db/schema-parity.test.ts keeps them equal.
import { pgTable, text, bigint, boolean, primaryKey, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';
import { users } from './accounts.js';
import { rulebooks } from './rulebooks.js';

/** What a person follows: a rulebook, an article or an amendment. */
export const follows = pgTable(
  'follows',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    target: text('target', { enum: ['rulebook', 'article', 'amendment'] }).notNull(),
    targetId: text('target_id').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.target, t.targetId] }), index('follows_target_idx').on(t.target, t.targetId)],
);

/** In-app notifications, one per person and happening. */
export const notifications = pgTable(
  'notifications',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    eventKey: text('event_key').notNull(),
    payload: text('payload').notNull(),
    path: text('path').notNull(),
    createdAt: instant('created_at').notNull(),
    readAt: instant('read_at'),
    digestPending: boolean('digest_pending').notNull().default(false),
    mailedAt: instant('mailed_at'),
  },
  (t) => [uniqueIndex('notifications_event_idx').on(t.userId, t.eventKey), index('notifications_user_idx').on(t.userId, t.readAt, t.id), index('notifications_digest_idx').on(t.digestPending, t.createdAt)],
);

/** How a person wants a kind of notification by mail, when not the default. */
export const notificationPreferences = pgTable(
  'notification_preferences',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    delivery: text('delivery', { enum: ['immediate', 'digest'] }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);

/** Consultation notices already sent, per rulebook and window instant. */
export const consultationNotices = pgTable(
  'consultation_notices',
  {
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    notice: text('notice', { enum: ['opened', 'closing', 'closed'] }).notNull(),
    at: instant('at').notNull(),
    sentAt: instant('sent_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rulebookId, t.notice, t.at] })],
);
