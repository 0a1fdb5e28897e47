// People, their sessions and one-time links, and the mail sent to them.
import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';

/** People with an account. Emails are stored normalised (`normaliseEmail`: trimmed, NFKC, lower-cased). */
export const users = sqliteTable(
  'users',
  {
    id: text('id').primaryKey(),
    email: text('email').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** `displayNameKey(displayName)`: two accounts cannot share it (null only until filled in at start for older rows). */
    displayNameKey: text('display_name_key'),
    passwordHash: text('password_hash').notNull(),
    /** When the person proved they read mail at `email` (null: not yet). */
    emailVerifiedAt: integer('email_verified_at', { mode: 'timestamp_ms' }),
    /** The language of the mails they get. */
    language: text('language', { enum: ['fr', 'en'] }).notNull().default('fr'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [uniqueIndex('users_display_name_key_idx').on(t.displayNameKey)],
);

/** Signed-in sessions; only a SHA-256 of the cookie token is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    /** The browser the session was opened from, as it described itself (shown in the list of sessions). */
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/**
 * Single-use links mailed to a person: `verify` proves they read mail at `email` (at sign-up, or a new address),
 * `reset` lets them choose a new password. Only a SHA-256 of the token is stored.
 */
export const accountTokens = sqliteTable(
  'account_tokens',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    purpose: text('purpose', { enum: ['verify', 'reset'] }).notNull(),
    email: text('email').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    usedAt: integer('used_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('account_tokens_user_idx').on(t.userId)],
);

/** Outgoing mail, rendered when queued and sent by `MailQueue`; a row stays until sent (or refused for good). */
export const mailQueue = sqliteTable(
  'mail_queue',
  {
    id: integer('id').primaryKey({ autoIncrement: true }),
    /** The Message-ID, kept across retries so a receiver can drop a copy sent twice. */
    messageId: text('message_id').notNull(),
    recipient: text('recipient').notNull(),
    kind: text('kind').notNull(),
    subject: text('subject').notNull(),
    text: text('text').notNull(),
    html: text('html').notNull(),
    /** JSON object of extra headers (List-Unsubscribe…). */
    headers: text('headers').notNull(),
    attempts: integer('attempts').notNull().default(0),
    nextAttemptAt: integer('next_attempt_at', { mode: 'timestamp_ms' }).notNull(),
    lastError: text('last_error'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    sentAt: integer('sent_at', { mode: 'timestamp_ms' }),
    /** When the server refused the mail for good (a permanent SMTP error). */
    failedAt: integer('failed_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('mail_queue_due_idx').on(t.sentAt, t.failedAt, t.nextAttemptAt)],
);

/** Kinds of mail a person no longer wants (from the one-click unsubscribe link). */
export const mailOptOuts = sqliteTable(
  'mail_opt_outs',
  {
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    kind: text('kind').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
