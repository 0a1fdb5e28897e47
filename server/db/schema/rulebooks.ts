// Rulebooks, their members and invitations, their draft (Yjs log and snapshot) and releases, and server settings.
import { sqliteTable, text, integer, blob, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.js';

/** Rulebooks; the draft itself lives in the Yjs update log below. */
export const rulebooks = sqliteTable('rulebooks', {
  id: text('id').primaryKey(),
  slug: text('slug').notNull().unique(),
  title: text('title').notNull(),
  language: text('language').notNull(),
  createdBy: text('created_by').notNull().references(() => users.id),
  createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  /** Consultation window: members may comment and propose between these instants (both set, or neither). */
  opensAt: integer('opens_at', { mode: 'timestamp_ms' }),
  closesAt: integer('closes_at', { mode: 'timestamp_ms' }),
  /** Hide a comment automatically once this many people reported it (null: never; organisers decide). */
  autoHideAfter: integer('auto_hide_after'),
  /**
   * Who may comment, propose and support: `verified` (anyone signed in with a verified address), `domains`
   * (verified addresses at one of `allowedDomains`), `members` (its members and organisers only).
   */
  participation: text('participation', { enum: ['verified', 'domains', 'members'] }).notNull().default('verified'),
  /** JSON array of e-mail domains (lower-case) for the `domains` policy. */
  allowedDomains: text('allowed_domains').notNull().default('[]'),
  /** An amendment with at least this many co-signers must get a public answer before the consultation closes (null: no such rule). */
  cosignThreshold: integer('cosign_threshold'),
  /** Anti-bandwagon: support counts and supporters' rolls are shown only to organisers until the consultation closes. */
  hideSupportsUntilClose: integer('hide_supports_until_close', { mode: 'boolean' }).notNull().default(false),
});

/** A rulebook row. */
export type Rulebook = typeof rulebooks.$inferSelect;

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

/**
 * Invitations to a rulebook, mailed to an address whether or not an account uses it: the link (only a SHA-256 of
 * its secret is stored) works once, until `expiresAt`, unless an organiser revoked it.
 */
export const invitations = sqliteTable(
  'invitations',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    /** The address invited, normalised (`normaliseEmail`). */
    email: text('email').notNull(),
    role: text('role', { enum: ['organiser', 'member'] }).notNull(),
    tokenHash: text('token_hash').notNull().unique(),
    invitedBy: text('invited_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    expiresAt: integer('expires_at', { mode: 'timestamp_ms' }).notNull(),
    acceptedAt: integer('accepted_at', { mode: 'timestamp_ms' }),
    acceptedBy: text('accepted_by').references(() => users.id, { onDelete: 'set null' }),
    revokedAt: integer('revoked_at', { mode: 'timestamp_ms' }),
  },
  (t) => [index('invitations_rulebook_idx').on(t.rulebookId, t.email)],
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

/**
 * Direct edits of the draft by an organiser not yet in the audit log: the article's wording when they started
 * editing it, kept so that an edit still waiting for its quiet period is recorded after a crash.
 */
export const pendingDraftEdits = sqliteTable('pending_draft_edits', {
  id: text('id').primaryKey(),
  rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
  userId: text('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
  actorName: text('actor_name').notNull(),
  articleId: text('article_id').notNull(),
  /** The article's number when the edit began (null: the organiser inserted it). */
  articleNumber: integer('article_number'),
  /** JSON `{ title, text }` of the article before the edit, or null when the organiser inserted it. */
  before: text('before'),
  startedAt: integer('started_at', { mode: 'timestamp_ms' }).notNull(),
  /** The instance whose journal holds the edit (server/db/instance-lock.ts), or null for a row written before instances had ids. */
  holder: text('holder'),
});

/** Immutable, versioned releases of a rulebook's draft. */
export const releases = sqliteTable(
  'releases',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    version: text('version').notNull(),
    major: integer('major').notNull(),
    minor: integer('minor').notNull(),
    notes: text('notes'),
    /** Canonical JSON (RFC 8785) of the draft's JSON view at publication; `sha256` is its hash. */
    content: text('content').notNull(),
    sha256: text('sha256').notNull(),
    /** The Yjs state the release was cut from. */
    state: blob('state', { mode: 'buffer' }).notNull(),
    /** JSON of the generated changelog. */
    changelog: text('changelog').notNull(),
    publishedBy: text('published_by').notNull().references(() => users.id),
    publishedAt: integer('published_at', { mode: 'timestamp_ms' }).notNull(),
    officialAt: integer('official_at', { mode: 'timestamp_ms' }),
  },
  (t) => [uniqueIndex('releases_version_idx').on(t.rulebookId, t.version), index('releases_order_idx').on(t.rulebookId, t.major, t.minor)],
);
