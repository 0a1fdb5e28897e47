import { sqliteTable, text, integer, blob, primaryKey, index } from 'drizzle-orm/sqlite-core';

/** People with an account. Emails are stored lower-cased. */
export const users = sqliteTable('users', {
  id: text('id').primaryKey(),
  email: text('email').notNull().unique(),
  displayName: text('display_name').notNull(),
  passwordHash: text('password_hash').notNull(),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Signed-in sessions; only a SHA-256 of the cookie token is stored. */
export const sessions = sqliteTable(
  'sessions',
  {
    tokenHash: text('token_hash').primaryKey(),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('sessions_user_idx').on(t.userId)],
);

/** Rulebooks; the draft itself lives in the Yjs update log below. */
export const rulebooks = sqliteTable('rulebooks', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  language: text('language').notNull(),
  createdBy: text('created_by').notNull().references(() => users.id),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Who holds which role on a rulebook. */
export const memberships = sqliteTable(
  'memberships',
  {
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['organiser', 'member'] }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.rulebookId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

/** Append-only log of Yjs updates to a rulebook's draft, compacted into `docSnapshots`. */
export const docUpdates = sqliteTable(
  'doc_updates',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    data: blob('data', { mode: 'buffer' }).notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('doc_updates_rulebook_idx').on(t.rulebookId, t.seq)],
);

/** The compacted state of a rulebook's draft: every update up to `throughSeq` merged into one. */
export const docSnapshots = sqliteTable('doc_snapshots', {
  rulebookId: text('rulebook_id').primaryKey().references(() => rulebooks.id, { onDelete: 'cascade' }),
  data: blob('data', { mode: 'buffer' }).notNull(),
  throughSeq: integer('through_seq').notNull(),
  updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
});

/** Server settings generated on first start (e.g. the cookie-signing secret). */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
