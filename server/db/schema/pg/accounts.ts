// PostgreSQL: people, their sessions and one-time links, and the mail sent to them.
// The same tables as ../accounts.ts, which says what each column means; test/db/schema-parity.test.ts keeps them equal.
import { pgTable, text, integer, bigint, primaryKey, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';

/** People with an account. */
export const users = pgTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull().unique(),
    displayName: text('display_name').notNull(),
    displayNameKey: text('display_name_key'),
    passwordHash: text('password_hash').notNull(),
    emailVerifiedAt: instant('email_verified_at'),
    language: text('language', { enum: ['fr', 'en'] }).notNull().default('fr'),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [uniqueIndex('users_display_name_key_idx').on(t.displayNameKey)],
);

/** Signed-in sessions (SHA-256 of the cookie token). */
export const sessions = pgTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Single-use mailed links: address verification and password reset. */
export const accountTokens = pgTable(
  'account_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify', 'reset'] }).notNull(),
    email: text('email').notNull(),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    usedAt: instant('used_at'),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId)],
);

/** Outgoing mail, queued until sent or refused for good. */
export const mailQueue = pgTable(
  'mail_queue',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    messageId: text('message_id').notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    headers: text('headers').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: instant('next_attempt_at').notNull(),
    lastError: text('last_error'),
    createdAt: instant('created_at').notNull(),
    sentAt: instant('sent_at'),
    failedAt: instant('failed_at'),
  },
  (t) => [index('mail_queue_due_idx').on(t.sentAt, t.failedAt, t.nextAttemptAt)],
);

/** Kinds of mail a person no longer wants. */
export const mailOptOuts = pgTable(
  'mail_opt_outs',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
