// PostgreSQL: rulebooks, their members and invitations, their draft (Yjs log and snapshot) and releases, and server settings.
// The same tables as ../rulebooks.ts, which says what each column means; test/db/schema-parity.test.ts keeps them equal.
import { pgTable, text, integer, bigint, boolean, primaryKey, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { bytea, instant } from './columns.js';
import { users } from './accounts.js';

/** Rulebooks; the draft lives in `docUpdates` and `docSnapshots`. */
export const rulebooks = pgTable('rulebooks', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  language: text('language').notNull(),
  createdBy: text('created_by').notNull().references(() => users.id),
  createdAt: instant('created_at').notNull(),
  opensAt: instant('opens_at'),
  closesAt: instant('closes_at'),
  autoHideAfter: integer('auto_hide_after'),
  participation: text('participation', { enum: ['verified', 'domains', 'members'] }).notNull().default('verified'),
  allowedDomains: text('allowed_domains').notNull().default('[]'),
  cosignThreshold: integer('cosign_threshold'),
  hideSupportsUntilClose: boolean('hide_supports_until_close').notNull().default(false),
});

/** A rulebook row. */
export type Rulebook = typeof rulebooks.$inferSelect;

/** Who holds which role on a rulebook. */
export const memberships = pgTable(
  'memberships',
  {
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['organiser', 'member'] }).notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.rulebookId, t.userId] }), index('memberships_user_idx').on(t.userId)],
);

/** Invitations to a rulebook, by address, single-use and revocable. */
export const invitations = pgTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['organiser', 'member'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: instant('created_at').notNull(),
    expiresAt: instant('expires_at').notNull(),
    acceptedAt: instant('accepted_at'),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: instant('revoked_at'),
  },
  (t) => [index('invitations_rulebook_idx').on(t.rulebookId, t.email)],
);

/** Append-only log of Yjs updates to a rulebook's draft. */
export const docUpdates = pgTable(
  'doc_updates',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    data: bytea('data').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [index('doc_updates_rulebook_idx').on(t.rulebookId, t.seq)],
);

/** The compacted state of a rulebook's draft through `throughSeq`. */
export const docSnapshots = pgTable('doc_snapshots', {
  rulebookId: text('rulebook_id').primaryKey().references(() => rulebooks.id, { onDelete: 'cascade' }),
  data: bytea('data').notNull(),
  throughSeq: bigint('through_seq', { mode: 'number' }).notNull(),
  updatedAt: instant('updated_at').notNull(),
});

/** Server settings generated on first start. */
export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});

/** Organisers' direct edits of the draft not yet in the audit log. */
export const pendingDraftEdits = pgTable('pending_draft_edits', {
  id: text('id').primaryKey(),
  rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  actorName: text('actor_name').notNull(),
  articleId: text('article_id').notNull(),
  articleNumber: integer('article_number'),
  before: text('before'),
  startedAt: instant('started_at').notNull(),
  holder: text('holder'),
});

/** Immutable, versioned releases of a rulebook's draft. */
export const releases = pgTable(
  'releases',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    major: integer('major').notNull(),
    minor: integer('minor').notNull(),
    notes: text('notes'),
    content: text('content').notNull(),
    sha256: text('sha256').notNull(),
    state: bytea('state').notNull(),
    changelog: text('changelog').notNull(),
    publishedBy: text('published_by').notNull().references(() => users.id),
    publishedAt: instant('published_at').notNull(),
    officialAt: instant('official_at'),
  },
  (t) => [uniqueIndex('releases_version_idx').on(t.rulebookId, t.version), index('releases_order_idx').on(t.rulebookId, t.major, t.minor)],
);
