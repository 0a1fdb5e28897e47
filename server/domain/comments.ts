import { first, prepared } from '../db/handle.js';
import { randomUUID } from 'node:crypto';
import { and, asc, count, eq, inArray, isNull, sql } from 'drizzle-orm';
import { commentReports, comments, users } from '../db/schema.js';
import { errors } from '../errors.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import { canSeeReports, requireAuthor, requireParticipant, requireSignedIn, roleOf } from './access.js';
import { rulebookById, type Rulebook } from './rulebooks.js';
import { findAmendment, type AmendmentRow } from './amendments.js';
import { anchorQuote, findArticleElement, resolveAnchor } from './anchors.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { viewNumbers } from '../../shared/doc/refs.js';
import type { Me } from '../../shared/validation/api.js';
import type { Comment, CommentAnchor } from '../../shared/validation/comments.js';

/** A comment row. */
export type CommentRow = typeof comments.$inferSelect;

const NO_ANCHOR: CommentAnchor = { status: 'none', text: null, start: null, end: null };

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** Present comments (all on one rulebook) for a viewer, reading each anchor against the live draft. */
async function presentComments(ctx: Domain, rulebookId: string, rows: CommentRow[], viewer: Me | null): Promise<Comment[]> {
  if (rows.length === 0) return [];
  const { db } = ctx;
  const ids = rows.map((r) => r.id);
  const people = [...new Set(rows.flatMap((r) => (r.hiddenBy ? [r.authorId, r.hiddenBy] : [r.authorId])))];
  const names = new Map((await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, people))).map((u) => [u.id, u.name]));
  // Reports are for the moderators: only the rulebook's organisers see how many there are.
  const reportCounts =
    canSeeReports(await roleOf(db, rulebookId, viewer?.id))
      ? new Map(
          (await db
            .select({ id: commentReports.commentId, n: count() })
            .from(commentReports)
            .where(inArray(commentReports.commentId, ids))
            .groupBy(commentReports.commentId))
            .map((r) => [r.id, r.n]),
        )
      : null;
  const reportedByMe = new Set(
    viewer
      ? (await db
          .select({ id: commentReports.commentId })
          .from(commentReports)
          .where(and(eq(commentReports.userId, viewer.id), inArray(commentReports.commentId, ids))))
          .map((r) => r.id)
      : [],
  );
  const { anchors, numbers } = await ctx.docs.withDoc(rulebookId, (ydoc) => ({
    anchors: rows.map((r): CommentAnchor => {
      if (r.anchorStart === null || r.anchorEnd === null) return NO_ANCHOR;
      return { ...resolveAnchor(ydoc, { start: r.anchorStart, end: r.anchorEnd }), start: r.anchorStart, end: r.anchorEnd };
    }),
    numbers: viewNumbers(readDraft(ydoc)),
  }));
  return rows.map((row, i) => ({
    id: row.id,
    articleId: row.articleId,
    amendmentId: row.amendmentId,
    parentId: row.parentId,
    author: { id: row.authorId, displayName: names.get(row.authorId) ?? '' },
    body: row.deletedAt || row.hiddenAt ? null : row.body,
    quote: row.quote,
    anchor: anchors[i]!,
    quoteChanged: anchors[i]!.status === 'attached' && anchors[i]!.text !== row.quote,
    articleNumberThen: row.articleNumber,
    articleNumber: numbers.get(row.articleId) ?? null,
    createdAt: row.createdAt.toISOString(),
    editedAt: iso(row.editedAt),
    deletedAt: iso(row.deletedAt),
    hidden: row.hiddenAt ? { at: row.hiddenAt.toISOString(), reason: row.hiddenReason ?? '', by: names.get(row.hiddenBy ?? '') ?? '' } : null,
    reportCount: reportCounts ? (reportCounts.get(row.id) ?? 0) : null,
    reportedByMe: reportedByMe.has(row.id),
    mine: viewer?.id === row.authorId,
  }));
}

/** Present one comment to a viewer. */
export const presentOne = async (ctx: Domain, row: CommentRow, viewer: Me): Promise<Comment> => (await presentComments(ctx, row.rulebookId, [row], viewer))[0]!;

/** A comment and its rulebook, or throw `comment_not_found`. */
export async function findComment(ctx: Domain, id: string): Promise<{ row: CommentRow; rulebook: Rulebook; }> {
  const row = first(await ctx.db.select().from(comments).where(eq(comments.id, id)));
  if (!row) throw errors.commentNotFound();
  return { row, rulebook: await rulebookById(ctx, row.rulebookId) };
}

/** Whether a comment was deleted or hidden, so its text can no longer change. */
export const isLocked = (row: CommentRow) => row.deletedAt !== null || row.hiddenAt !== null;

/**
 * Every comment on an article, oldest first, flat (replies carry `parentId`). An article that left the draft
 * still lists the comments made on it; one that never had any and is not in the draft is `article_not_found`.
 */
export async function listArticleComments(ctx: Domain, rulebook: Rulebook, articleId: string, viewer: Me | null): Promise<Comment[]> {
  const rows = await ctx.db
    .select()
    .from(comments)
    .where(and(eq(comments.rulebookId, rulebook.id), eq(comments.articleId, articleId), isNull(comments.amendmentId)))
    .orderBy(asc(comments.createdAt), asc(comments.id));
  if (rows.length === 0 && !(await ctx.docs.withDoc(rulebook.id, (ydoc) => findArticleElement(ydoc, articleId)))) {
    throw errors.articleNotFound(articleId);
  }
  return presentComments(ctx, rulebook.id, rows, viewer);
}

/** The thread of an amendment, oldest first, flat (replies carry `parentId`); `amendment_not_found` if there is none. */
export async function listAmendmentComments(ctx: Domain, amendmentId: string, viewer: Me | null): Promise<Comment[]> {
  const { row } = await findAmendment(ctx, amendmentId);
  const rows = await ctx.db.select().from(comments).where(eq(comments.amendmentId, row.id)).orderBy(asc(comments.createdAt), asc(comments.id));
  return presentComments(ctx, row.rulebookId, rows, viewer);
}

/**
 * How many comments each article has, not counting deleted ones (hidden ones still count: the thread is there),
 * nor those in amendments' threads.
 */
export async function countComments({ db }: Domain, rulebook: Rulebook): Promise<Record<string, number>> {
  const rows = await commentCounts(db, { rulebookId: rulebook.id });
  return Object.fromEntries(rows.map((r) => [r.articleId, r.n]));
}

const commentCounts = prepared('comment_counts', (db) =>
  db
    .select({ articleId: comments.articleId, n: count() })
    .from(comments)
    .where(and(eq(comments.rulebookId, sql.placeholder('rulebookId')), isNull(comments.deletedAt), isNull(comments.amendmentId)))
    .groupBy(comments.articleId),
);

/** What a comment is on: an article of the current draft, or an amendment (its thread). */
type CommentTarget = { articleId: string } | { amendment: AmendmentRow };

/** Where a new comment goes: its article and amendment, the article's number then, and the quoted passage's anchor. */
interface Placement {
  articleId: string;
  amendmentId: string | null;
  articleNumber: number | null;
  anchor: { start: string; end: string } | null;
}

/**
 * Place a comment on its target. A quote on an article is pinned to the draft by Yjs relative positions, so it
 * follows later edits; a quote on an amendment must come from its proposed title or text, which do not move.
 */
async function place(ctx: Domain, rulebook: Rulebook, target: CommentTarget, quote: string | undefined): Promise<Placement> {
  if ('amendment' in target) {
    const { amendment } = target;
    if (quote !== undefined && !`${amendment.title ?? ''}\n${amendment.text ?? ''}`.includes(quote)) throw errors.quoteNotFound();
    return { articleId: amendment.articleId ?? amendment.afterArticleId ?? '', amendmentId: amendment.id, articleNumber: null, anchor: null };
  }
  const { articleId } = target;
  const placed = await ctx.docs.withDoc(rulebook.id, (ydoc) => {
    const article = findArticleElement(ydoc, articleId);
    if (!article) throw errors.articleNotFound(articleId);
    const articleNumber = readDraft(ydoc).articles.find((a) => a.id === articleId)?.number ?? null;
    return { articleId, amendmentId: null, articleNumber, anchor: quote === undefined ? null : anchorQuote(article, quote) };
  });
  if (quote !== undefined && !placed.anchor) throw errors.quoteNotFound();
  return placed;
}

/** What a new comment says: its text, the comment of the same thread it replies to, and the passage it quotes. */
type NewComment = { body: string; parentId?: string; quote?: string };

/** Write a comment on its target, replying only within the same thread (an article's, or an amendment's). */
async function addComment(ctx: Domain, rulebook: Rulebook, user: Me | null, target: CommentTarget, input: NewComment): Promise<Comment> {
  const { user: author } = await requireParticipant(ctx.db, rulebook, user, ctx.clock());
  const { articleId, amendmentId, articleNumber, anchor } = await place(ctx, rulebook, target, input.quote);
  if (input.parentId !== undefined) {
    const parent = first(await ctx.db.select({ articleId: comments.articleId, rulebookId: comments.rulebookId, amendmentId: comments.amendmentId }).from(comments).where(eq(comments.id, input.parentId)));
    if (parent?.rulebookId !== rulebook.id || parent.articleId !== articleId || parent.amendmentId !== amendmentId) throw errors.commentNotFound();
  }
  const row: CommentRow = {
    id: randomUUID(),
    rulebookId: rulebook.id,
    articleId,
    amendmentId,
    parentId: input.parentId ?? null,
    authorId: author.id,
    articleNumber,
    body: input.body.trim(),
    quote: input.quote ?? null,
    anchorStart: anchor?.start ?? null,
    anchorEnd: anchor?.end ?? null,
    createdAt: ctx.clock(),
    editedAt: null,
    deletedAt: null,
    hiddenAt: null,
    hiddenBy: null,
    hiddenReason: null,
  };
  // The audit log is public and permanent, so it names the comment but never copies its text.
  await commit(ctx, rulebook.id, author, async (tx, effects) => {
    await tx.insert(comments).values(row);
    effects.record('comment.created', { commentId: row.id, articleId, parentId: row.parentId, ...(amendmentId ? { amendmentId } : {}) });
  });
  return presentOne(ctx, row, author);
}

/**
 * Comment on an article of the current draft, optionally replying to another comment on it and quoting a
 * passage, which is pinned to the draft by Yjs relative positions so it follows later edits.
 */
export const createComment = (ctx: Domain, rulebook: Rulebook, user: Me | null, articleId: string, input: NewComment): Promise<Comment> =>
  addComment(ctx, rulebook, user, { articleId }, input);

/**
 * Comment in an amendment's thread (same rules as on an article: signed in, allowed, while the consultation is
 * open), once it is filed: a draft has no thread yet.
 */
export async function commentOnAmendment(ctx: Domain, amendmentId: string, user: Me | null, input: NewComment): Promise<Comment> {
  const { row, rulebook } = await findAmendment(ctx, amendmentId);
  if (row.status === 'draft') throw errors.amendmentNotFiled();
  return addComment(ctx, rulebook, user, { amendment: row }, input);
}

/** Rewrite one's own comment, while the consultation is open (organisers: any time). */
export async function editComment(ctx: Domain, actor: Me | null, id: string, body: string): Promise<Comment> {
  requireSignedIn(actor);
  const { row, rulebook } = await findComment(ctx, id);
  const user = requireAuthor(row.authorId, actor);
  if (isLocked(row)) throw errors.commentLocked();
  await requireParticipant(ctx.db, rulebook, user, ctx.clock());
  const edited = { ...row, body: body.trim(), editedAt: ctx.clock() };
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await tx.update(comments).set({ body: edited.body, editedAt: edited.editedAt }).where(eq(comments.id, id));
    effects.record('comment.edited', { commentId: id, articleId: row.articleId });
  });
  return presentOne(ctx, edited, user);
}

/**
 * Delete one's own comment, at any time. The row stays so its replies keep their thread; its text is erased
 * (to '' because the column is NOT NULL; the API shows null).
 */
export async function deleteComment(ctx: Domain, actor: Me | null, id: string): Promise<void> {
  requireSignedIn(actor);
  const { row, rulebook } = await findComment(ctx, id);
  const user = requireAuthor(row.authorId, actor);
  if (row.deletedAt) throw errors.commentLocked();
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await tx.update(comments).set({ body: '', deletedAt: ctx.clock() }).where(eq(comments.id, id));
    effects.record('comment.deleted', { commentId: id, articleId: row.articleId });
  });
}
