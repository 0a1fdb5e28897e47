// The debate: comments, reports, amendments with their revisions, co-signers and supports, and the audit log.
import { sqliteTable, text, integer, primaryKey, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { users } from './accounts.js';
import { rulebooks } from './rulebooks.js';

/**
 * Comments on an article, threaded by `parentId`, optionally anchored to a passage by Yjs relative positions; or,
 * when `amendmentId` is set, on that amendment (`articleId` is then the article it concerns).
 */
export const comments = sqliteTable(
  'comments',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    articleId: text('article_id').notNull(),
    parentId: text('parent_id'),
    authorId: text('author_id').notNull().references(() => users.id),
    /** The article's number when the comment was made (null for comments made before numbers were kept). */
    articleNumber: integer('article_number'),
    body: text('body').notNull(),
    /** The passage quoted when the comment was made. */
    quote: text('quote'),
    /** JSON of `Y.RelativePosition`s delimiting the quoted passage in the draft. */
    anchorStart: text('anchor_start'),
    anchorEnd: text('anchor_end'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    editedAt: integer('edited_at', { mode: 'timestamp_ms' }),
    deletedAt: integer('deleted_at', { mode: 'timestamp_ms' }),
    hiddenAt: integer('hidden_at', { mode: 'timestamp_ms' }),
    hiddenBy: text('hidden_by').references(() => users.id),
    hiddenReason: text('hidden_reason'),
    /** The amendment whose thread this comment is in; null for a comment on an article. */
    amendmentId: text('amendment_id').references(() => amendments.id, { onDelete: 'cascade' }),
  },
  (t) => [index('comments_article_idx').on(t.rulebookId, t.articleId, t.createdAt), index('comments_amendment_idx').on(t.amendmentId, t.createdAt)],
);

/** Reports of a comment to the moderators; one per person and comment. */
export const commentReports = sqliteTable(
  'comment_reports',
  {
    commentId: text('comment_id').notNull().references(() => comments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    reason: text('reason'),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When an organiser dealt with the report (hid, restored or kept the comment); null while it waits in the queue. */
    resolvedAt: integer('resolved_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

/** Amendment proposals: modify, insert or delete an article, with the article's wording at proposal time. */
export const amendments = sqliteTable(
  'amendments',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    /** Short sequential number within the rulebook (#1, #2…). */
    number: integer('number').notNull(),
    kind: text('kind', { enum: ['modify', 'insert', 'delete'] }).notNull(),
    /** The article modified or deleted; for an insert, the id the new article gets once accepted. */
    articleId: text('article_id'),
    /** For an insert: the article it goes after (null = at the start). */
    afterArticleId: text('after_article_id'),
    /**
     * The number of the article concerned when the amendment was proposed (for an insert: of the article it goes
     * after; null at the start, and for amendments made before numbers were kept).
     */
    articleNumber: integer('article_number'),
    /** The same number when the amendment was decided. */
    decidedArticleNumber: integer('decided_article_number'),
    title: text('title'),
    text: text('text'),
    rationale: text('rationale').notNull(),
    baseTitle: text('base_title'),
    baseText: text('base_text'),
    /** The proposal's body as structured content (JSON of `ArticleContent`); null for a deletion or an amendment from before it was kept. */
    content: text('content'),
    /** The article's body when proposed, as structured content (JSON): the base of the three-way merge. */
    baseContent: text('base_content'),
    authorId: text('author_id').notNull().references(() => users.id),
    /** `draft`: opened by its author to collect co-signers, not yet filed (unlisted, no number: `number` is 0). */
    status: text('status', { enum: ['draft', 'open', 'accepted', 'rejected', 'withdrawn'] }).notNull(),
    decisionReason: text('decision_reason'),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: integer('decided_at', { mode: 'timestamp_ms' }),
    /** The wording actually merged when accepted (the proposal, or the organiser's resolution of a conflict). */
    appliedTitle: text('applied_title'),
    appliedText: text('applied_text'),
    /** Accepted by merging it three-way with changes made to the article since it was proposed. */
    merged: integer('merged', { mode: 'boolean' }).notNull().default(false),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    updatedAt: integer('updated_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [index('amendments_rulebook_idx').on(t.rulebookId, t.status), index('amendments_article_idx').on(t.rulebookId, t.articleId)],
);

/** Earlier wordings of an amendment, kept when its author edits it. */
export const amendmentRevisions = sqliteTable(
  'amendment_revisions',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    title: text('title'),
    text: text('text'),
    content: text('content'),
    rationale: text('rationale').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.revision] })],
);

/** Co-signers of an amendment, gathered while it is a draft or open: one per person and amendment, never its author. */
export const amendmentCosigners = sqliteTable(
  'amendment_cosigners',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the co-signature was written to the audit log; null while the amendment is still a draft. */
    recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.userId] })],
);

/** Supports of an amendment: one per person and amendment. */
export const supports = sqliteTable(
  'supports',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    /** When the support was written to the audit log; null while it may still be withdrawn without a trace. */
    recordedAt: integer('recorded_at', { mode: 'timestamp_ms' }),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.userId] }), index('supports_pending_idx').on(t.recordedAt)],
);

/**
 * Append-only, hash-chained record of everything done on a rulebook. `seq` is the row's key across rulebooks;
 * `number` counts a rulebook's entries 1, 2, 3… `formula` says what the hash covers: 1 (entries written before
 * per-rulebook numbers) hashes `seq`, 2 hashes `number` and the formula itself.
 */
export const auditEvents = sqliteTable(
  'audit_events',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    number: integer('number').notNull().default(0),
    formula: integer('formula').notNull().default(1),
    actorId: text('actor_id').references(() => users.id),
    actorName: text('actor_name'),
    type: text('type').notNull(),
    /** Canonical JSON of the event's details. */
    payload: text('payload').notNull(),
    createdAt: integer('created_at', { mode: 'timestamp_ms' }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    /**
     * The Yjs items a change of the draft inserted (an import, an accepted amendment, a direct edit), as JSON
     * `[[client, fromClock, toClock], …]`: what provenance attributes text by. Outside the hash (it names ids, not
     * wording); null for other entries and for those written before it was recorded.
     */
    insertedItems: text('inserted_items'),
  },
  (t) => [index('audit_rulebook_idx').on(t.rulebookId, t.seq), uniqueIndex('audit_number_idx').on(t.rulebookId, t.number)],
);
