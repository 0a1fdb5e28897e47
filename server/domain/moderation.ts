import { and, count, desc, eq, inArray, isNotNull, isNull, sql } from 'drizzle-orm';
import { first, type Tx } from '../db/handle.js';
import { commentReports, comments, rulebooks, users } from '../db/schema.js';
import { errors } from '../errors.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { viewNumbers } from '../../shared/doc/refs.js';
import type { Me } from '../../shared/validation/api.js';
import type { Comment } from '../../shared/validation/comments.js';
import type { ModerationQueue, QueueItem } from '../../shared/validation/moderation.js';
import { requireOrganiser, requireSignedIn } from './access.js';
import type { Domain } from './context.js';
import { commit, type Effects } from './effects.js';
import { findComment, isLocked, presentOne, type CommentRow } from './comments.js';
import type { Rulebook } from './rulebooks.js';

/** Mark every report of a comment still waiting as dealt with; returns how many there were. */
async function resolveReports(tx: Tx, commentId: string, at: Date): Promise<number> {
  const resolved = await tx
    .update(commentReports)
    .set({ resolvedAt: at })
    .where(and(eq(commentReports.commentId, commentId), isNull(commentReports.resolvedAt)))
    .returning({ id: commentReports.commentId });
  return resolved.length;
}

/** Hide a comment in a transaction, by an organiser or (actor null) automatically. */
async function hideIn(tx: Tx, effects: Effects, row: CommentRow, hidden: Pick<CommentRow, 'hiddenAt' | 'hiddenBy' | 'hiddenReason'>, extra: Record<string, unknown>): Promise<void> {
  await tx.update(comments).set(hidden).where(eq(comments.id, row.id));
  effects.record('comment.hidden', { commentId: row.id, articleId: row.articleId, reason: hidden.hiddenReason, ...extra }, extra.automatic ? { actor: null } : {});
}

/**
 * Hide a comment's text from everyone (organisers of its rulebook only); the reason and who hid it are public.
 * A comment hidden automatically may be hidden again, which confirms it with the organiser's reason.
 */
export async function hideComment(ctx: Domain, actor: Me | null, id: string, reason: string): Promise<Comment> {
  requireSignedIn(actor);
  const { row, rulebook } = await findComment(ctx, id);
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  const automaticallyHidden = row.hiddenAt !== null && row.hiddenBy === null;
  if (row.deletedAt || (row.hiddenAt && !automaticallyHidden)) throw errors.commentLocked();
  const hidden = { ...row, hiddenAt: ctx.clock(), hiddenBy: user.id, hiddenReason: reason.trim() };
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await resolveReports(tx, id, hidden.hiddenAt);
    await hideIn(tx, effects, row, hidden, {});
  });
  return presentOne(ctx, hidden, user);
}

/** Show a hidden comment again (organisers), with a public reason; its waiting reports count as dealt with. */
export async function restoreComment(ctx: Domain, actor: Me | null, id: string, reason: string): Promise<Comment> {
  requireSignedIn(actor);
  const { row, rulebook } = await findComment(ctx, id);
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  if (row.deletedAt) throw errors.commentLocked();
  if (!row.hiddenAt) throw errors.commentNotHidden();
  const restored = { ...row, hiddenAt: null, hiddenBy: null, hiddenReason: null };
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await resolveReports(tx, id, ctx.clock());
    await tx.update(comments).set({ hiddenAt: null, hiddenBy: null, hiddenReason: null }).where(eq(comments.id, id));
    effects.record('comment.restored', { commentId: id, articleId: row.articleId, reason: reason.trim() });
  });
  return presentOne(ctx, restored, user);
}

/** Leave a reported comment visible (organisers): its waiting reports leave the queue; the decision is public. */
export async function keepComment(ctx: Domain, actor: Me | null, id: string, reason?: string): Promise<Comment> {
  requireSignedIn(actor);
  const { row, rulebook } = await findComment(ctx, id);
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  if (isLocked(row)) throw errors.commentLocked();
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    const reports = await resolveReports(tx, id, ctx.clock());
    if (reports === 0) throw errors.nothingToReview();
    effects.record('comment.kept', { commentId: id, articleId: row.articleId, reports, ...(reason?.trim() ? { reason: reason.trim() } : {}) });
  });
  return presentOne(ctx, row, user);
}

/**
 * Report a comment to the organisers, once per person. When the rulebook hides comments automatically and this
 * report brings the ones waiting to its threshold, the comment is hidden at once, until an organiser reviews it.
 */
export async function reportComment(ctx: Domain, actor: Me | null, id: string, reason?: string): Promise<void> {
  const user = requireSignedIn(actor);
  const { row, rulebook } = await findComment(ctx, id);
  if (isLocked(row)) throw errors.commentLocked();
  await commit(ctx, rulebook.id, null, async (tx, effects) => {
    const existing = first(await tx
      .select({ id: commentReports.commentId })
      .from(commentReports)
      .where(and(eq(commentReports.commentId, id), eq(commentReports.userId, user.id))));
    if (existing) throw errors.alreadyReported();
    const now = ctx.clock();
    await tx.insert(commentReports).values({ commentId: id, userId: user.id, reason: reason?.trim() || null, createdAt: now });
    // Who reported what is for the organisers only: the public log records the report without its author or reason.
    effects.record('comment.reported', { commentId: id, articleId: row.articleId });
    const threshold = first(await tx.select({ n: rulebooks.autoHideAfter }).from(rulebooks).where(eq(rulebooks.id, rulebook.id)))?.n ?? null;
    if (threshold === null) return;
    const waiting = first(await tx.select({ n: count() }).from(commentReports).where(and(eq(commentReports.commentId, id), isNull(commentReports.resolvedAt))))!.n;
    if (waiting >= threshold) await hideIn(tx, effects, row, { hiddenAt: now, hiddenBy: null, hiddenReason: '' }, { automatic: true, reports: waiting });
  });
}

/** Set (or clear, with null) how many reports hide a comment automatically (organisers; audited). */
export async function setAutoHide(ctx: Domain, rulebook: Rulebook, actor: Me | null, autoHideAfter: number | null): Promise<{ autoHideAfter: number|null; }> {
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await tx.update(rulebooks).set({ autoHideAfter }).where(eq(rulebooks.id, rulebook.id));
    effects.record('moderation.auto_hide_set', { autoHideAfter });
  });
  return { autoHideAfter };
}

/** Reported comments still waiting for an organiser, not counting those their author deleted since. */
const waitingFilter = (rulebookId: string) =>
  and(eq(comments.rulebookId, rulebookId), isNull(comments.deletedAt), sql`exists(select 1 from ${commentReports} where ${commentReports.commentId} = ${comments.id} and ${commentReports.resolvedAt} is null)`);

/** How many reported comments wait for an organiser (organisers only): the number on the queue's badge. */
export async function waitingCount(ctx: Domain, rulebook: Rulebook, actor: Me | null): Promise<number> {
  await requireOrganiser(ctx.db, rulebook, actor);
  return first(await ctx.db.select({ n: count() }).from(comments).where(waitingFilter(rulebook.id)))!.n;
}

/** The moderation queue (organisers only): reported comments waiting, with reasons but never reporters, then other hidden ones. */
export async function moderationQueue(ctx: Domain, rulebook: Rulebook, actor: Me | null): Promise<ModerationQueue> {
  await requireOrganiser(ctx.db, rulebook, actor);
  const { db } = ctx;
  const waiting = await db.select().from(comments).where(waitingFilter(rulebook.id));
  const waitingIds = new Set(waiting.map((r) => r.id));
  const hidden = (await db
    .select()
    .from(comments)
    .where(and(eq(comments.rulebookId, rulebook.id), isNotNull(comments.hiddenAt), isNull(comments.deletedAt)))
    .orderBy(desc(comments.hiddenAt)))
    .filter((r) => !waitingIds.has(r.id));
  const items = await presentQueue(ctx, rulebook, [...waiting, ...hidden]);
  const byMostReported = (a: QueueItem, b: QueueItem) => b.reports.waiting - a.reports.waiting || a.createdAt.localeCompare(b.createdAt);
  return {
    autoHideAfter: first(await db.select({ n: rulebooks.autoHideAfter }).from(rulebooks).where(eq(rulebooks.id, rulebook.id)))?.n ?? null,
    waiting: items.slice(0, waiting.length).sort(byMostReported),
    hidden: items.slice(waiting.length),
  };
}

async function presentQueue({ db, docs }: Domain, rulebook: Rulebook, rows: CommentRow[]): Promise<QueueItem[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const people = [...new Set(rows.flatMap((r) => (r.hiddenBy ? [r.authorId, r.hiddenBy] : [r.authorId])))];
  const names = new Map((await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, people))).map((u) => [u.id, u.name]));
  const reports = await db
    .select({ commentId: commentReports.commentId, reason: commentReports.reason, createdAt: commentReports.createdAt, resolvedAt: commentReports.resolvedAt })
    .from(commentReports)
    .where(inArray(commentReports.commentId, ids))
    .orderBy(desc(commentReports.createdAt));
  const numbers = viewNumbers(await docs.view(rulebook.id, readDraft));
  return rows.map((row) => {
    const mine = reports.filter((r) => r.commentId === row.id);
    return {
      commentId: row.id,
      articleId: row.articleId,
      amendmentId: row.amendmentId,
      articleNumber: numbers.get(row.articleId) ?? null,
      articleNumberThen: row.articleNumber,
      parentId: row.parentId,
      author: { id: row.authorId, displayName: names.get(row.authorId) ?? '' },
      body: row.body,
      createdAt: row.createdAt.toISOString(),
      hidden: row.hiddenAt ? { at: row.hiddenAt.toISOString(), reason: row.hiddenReason ?? '', by: row.hiddenBy ? (names.get(row.hiddenBy) ?? '') : null } : null,
      reports: {
        total: mine.length,
        waiting: mine.filter((r) => r.resolvedAt === null).length,
        reasons: mine.flatMap((r) => (r.reason ? [{ reason: r.reason, at: r.createdAt.toISOString() }] : [])),
      },
    };
  });
}
