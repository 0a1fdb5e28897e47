// PostgreSQL: the debate: comments, reports, amendments with their revisions, co-signers and supports, and the audit log.
// The same tables as ../debate.ts, which says what each column means; test/db/schema-parity.test.ts keeps them equal.
import { pgTable, text, integer, bigint, boolean, primaryKey, index, uniqueIndex } from 'drizzle-orm/pg-core';
import { instant } from './columns.js';
import { users } from './accounts.js';
import { rulebooks } from './rulebooks.js';

/** Comments on an article or an amendment, threaded and optionally anchored to a passage. */
export const comments = pgTable(
  'comments',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    articleId: text('article_id').notNull(),
    parentId: text('parent_id'),
    authorId: text('author_id').notNull().references(() => users.id),
    articleNumber: integer('article_number'),
    body: text('body').notNull(),
    quote: text('quote'),
    anchorStart: text('anchor_start'),
    anchorEnd: text('anchor_end'),
    createdAt: instant('created_at').notNull(),
    editedAt: instant('edited_at'),
    deletedAt: instant('deleted_at'),
    hiddenAt: instant('hidden_at'),
    hiddenBy: text('hidden_by').references(() => users.id),
    hiddenReason: text('hidden_reason'),
    amendmentId: text('amendment_id').references(() => amendments.id, { onDelete: 'cascade' }),
  },
  (t) => [index('comments_article_idx').on(t.rulebookId, t.articleId, t.createdAt), index('comments_amendment_idx').on(t.amendmentId, t.createdAt)],
);

/** Reports of a comment to the moderators. */
export const commentReports = pgTable(
  'comment_reports',
  {
    commentId: text('comment_id').notNull().references(() => comments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    reason: text('reason'),
    createdAt: instant('created_at').notNull(),
    resolvedAt: instant('resolved_at'),
  },
  (t) => [primaryKey({ columns: [t.commentId, t.userId] })],
);

/** Amendment proposals: modify, insert or delete an article. */
export const amendments = pgTable(
  'amendments',
  {
    id: text('id').primaryKey(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    number: integer('number').notNull(),
    kind: text('kind', { enum: ['modify', 'insert', 'delete'] }).notNull(),
    articleId: text('article_id'),
    afterArticleId: text('after_article_id'),
    articleNumber: integer('article_number'),
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
    status: text('status', { enum: ['draft', 'open', 'accepted', 'rejected', 'withdrawn'] }).notNull(),
    decisionReason: text('decision_reason'),
    decidedBy: text('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    appliedTitle: text('applied_title'),
    appliedText: text('applied_text'),
    merged: boolean('merged').notNull().default(false),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [index('amendments_rulebook_idx').on(t.rulebookId, t.status), index('amendments_article_idx').on(t.rulebookId, t.articleId)],
);

/** Earlier wordings of an amendment. */
export const amendmentRevisions = pgTable(
  'amendment_revisions',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    revision: integer('revision').notNull(),
    title: text('title'),
    text: text('text'),
    content: text('content'),
    rationale: text('rationale').notNull(),
    createdAt: instant('created_at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.revision] })],
);

/** Co-signers of an amendment. */
export const amendmentCosigners = pgTable(
  'amendment_cosigners',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: instant('created_at').notNull(),
    recordedAt: instant('recorded_at'),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.userId] })],
);

/** Supports of an amendment. */
export const supports = pgTable(
  'supports',
  {
    amendmentId: text('amendment_id').notNull().references(() => amendments.id, { onDelete: 'cascade' }),
    userId: text('user_id').notNull().references(() => users.id),
    createdAt: instant('created_at').notNull(),
    recordedAt: instant('recorded_at'),
  },
  (t) => [primaryKey({ columns: [t.amendmentId, t.userId] }), index('supports_pending_idx').on(t.recordedAt)],
);

/** Append-only, hash-chained record of everything done on a rulebook. */
export const auditEvents = pgTable(
  'audit_events',
  {
    seq: bigint('seq', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    rulebookId: text('rulebook_id').notNull().references(() => rulebooks.id, { onDelete: 'cascade' }),
    number: integer('number').notNull().default(0),
    formula: integer('formula').notNull().default(1),
    actorId: text('actor_id').references(() => users.id),
    actorName: text('actor_name'),
    type: text('type').notNull(),
    payload: text('payload').notNull(),
    createdAt: instant('created_at').notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
    insertedItems: text('inserted_items'),
  },
  (t) => [index('audit_rulebook_idx').on(t.rulebookId, t.seq), uniqueIndex('audit_number_idx').on(t.rulebookId, t.number)],
);
