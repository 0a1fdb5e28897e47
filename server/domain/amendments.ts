import { randomUUID } from 'node:crypto';
import type * as Y from 'yjs';
import { and, asc, count, desc, eq, max, ne, or, sql, type Placeholder } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { first, prepared, type Db, type Queryable, type Tx } from '../db/handle.js';
import { amendmentCosigners, amendmentRevisions, amendments, comments, rulebooks, supports, users } from '../db/schema.js';
import { AppError, errors } from '../errors.js';
import { readDraft, readDraftDoc } from '../../shared/doc/ydoc.js';
import { articleBlocks } from '../../shared/doc/content.js';
import { referrers, viewNumbers } from '../../shared/doc/refs.js';
import { newNodeId } from '../../shared/doc/ids.js';
import { diffWords } from '../../shared/doc/diff.js';
import { normaliseText } from '../../shared/doc/text.js';
import type { DraftView, Me } from '../../shared/validation/api.js';
import type { Amendment, AmendmentDetail, AmendmentListQuery, EditAmendmentBody, ProposeAmendmentBody } from '../../shared/validation/amendments.js';
import { requireAuthor, requireParticipant, seesSupports } from './access.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import { previewAmendment } from './amendment-merge.js';
import { bodyChangedSince, checkedBody, presentContent, proposedBody, rebaseProposal, storedBlocks, storedBodyOf } from './amendment-content.js';
import { diffContent } from '../../shared/doc/tracked.js';
import type { Node } from 'prosemirror-model';
import { cosigningState, rankForAnswer } from './answer-due.js';
import { rulebookById, type Rulebook } from './rulebooks.js';

/** An amendment row. */
export type AmendmentRow = typeof amendments.$inferSelect;

// Tables are read when a query is built, never kept in module constants: a process on PostgreSQL swaps them at start.
const supportCount = () => sql<number>`(select count(*) from ${supports} where ${supports.amendmentId} = ${amendments.id})`.mapWith(Number);
const threadCount = () => sql<number>`(select count(*) from ${comments} where ${comments.amendmentId} = ${amendments.id} and ${comments.deletedAt} is null)`.mapWith(Number);
const cosignerCount = () => sql<number>`(select count(*) from ${amendmentCosigners} where ${amendmentCosigners.amendmentId} = ${amendments.id})`.mapWith(Number);

function selectAmendments(db: Db, viewerId: string | Placeholder | null) {
  const decider = alias(users, 'decider');
  return db
    .select({
      row: amendments,
      author: { id: users.id, displayName: users.displayName },
      decidedByName: decider.displayName,
      supportCount: supportCount(),
      supportedByMe: viewerId
        ? sql<number>`exists(select 1 from ${supports} where ${supports.amendmentId} = ${amendments.id} and ${supports.userId} = ${viewerId})`.mapWith(Boolean)
        : sql<number>`0`.mapWith(Boolean),
      cosignerCount: cosignerCount(),
      commentCount: threadCount(),
      cosignedByMe: viewerId
        ? sql<number>`exists(select 1 from ${amendmentCosigners} where ${amendmentCosigners.amendmentId} = ${amendments.id} and ${amendmentCosigners.userId} = ${viewerId})`.mapWith(Boolean)
        : sql<number>`0`.mapWith(Boolean),
      window: { cosignThreshold: rulebooks.cosignThreshold, closesAt: rulebooks.closesAt },
    })
    .from(amendments)
    .innerJoin(rulebooks, eq(rulebooks.id, amendments.rulebookId))
    .innerJoin(users, eq(users.id, amendments.authorId))
    .leftJoin(decider, eq(decider.id, amendments.decidedBy));
}

type Selected = Awaited<ReturnType<ReturnType<typeof selectAmendments>['all']>>[number];

/** Present one selected amendment at `now`; `draft` gives the current number of its article; `showSupports` false hides its count. */
function presentAmendment(s: Selected, draft: DraftView, viewerId: string | null, now: Date, showSupports: boolean): Amendment {
  const r = s.row;
  const target = r.kind === 'insert' ? r.afterArticleId : r.articleId;
  const inDraft = draft.articles.find((a) => a.id === (r.kind === 'insert' && r.status === 'accepted' ? r.articleId : target));
  return {
    id: r.id,
    number: r.number,
    kind: r.kind,
    articleId: r.articleId,
    afterArticleId: r.afterArticleId,
    articleNumber: inDraft?.number ?? null,
    articleNumberThen: r.articleNumber,
    decidedArticleNumber: r.decidedArticleNumber,
    title: r.title,
    text: r.text,
    rationale: r.rationale,
    baseTitle: r.baseTitle,
    baseText: r.baseText,
    content: presentContent(r.content),
    baseContent: presentContent(r.baseContent),
    author: s.author,
    status: r.status,
    decisionReason: r.decisionReason,
    decidedBy: r.decidedBy ? { id: r.decidedBy, displayName: s.decidedByName ?? '' } : null,
    decidedAt: r.decidedAt?.toISOString() ?? null,
    appliedTitle: r.appliedTitle,
    appliedText: r.appliedText,
    merged: r.merged,
    ...previewAmendment(r, draft),
    supportCount: showSupports ? s.supportCount : null,
    supportedByMe: s.supportedByMe,
    cosignerCount: s.cosignerCount,
    cosignedByMe: s.cosignedByMe,
    commentCount: s.commentCount,
    ...cosigningState(r.status, s.cosignerCount, s.window, now),
    mine: viewerId === r.authorId,
    createdAt: r.createdAt.toISOString(),
    updatedAt: r.updatedAt.toISOString(),
  };
}

/** The number the article an amendment concerns has in the live draft now (for an insert: the article it goes after). */
export async function currentArticleNumber({ docs }: Domain, row: AmendmentRow): Promise<number|null> {
  const target = row.kind === 'insert' ? row.afterArticleId : row.articleId;
  return target ? ((await docs.view(row.rulebookId, readDraft)).articles.find((a) => a.id === target)?.number ?? null) : null;
}

/** An amendment and its rulebook, or throw `amendment_not_found`. */
export async function findAmendment(ctx: Domain, id: string): Promise<{ row: AmendmentRow; rulebook: Rulebook; }> {
  const row = first(await ctx.db.select().from(amendments).where(eq(amendments.id, id)));
  if (!row) throw errors.amendmentNotFound();
  return { row, rulebook: await rulebookById(ctx, row.rulebookId) };
}

/** Select one amendment with its figures for a viewer, or throw `amendment_not_found`. */
async function selectOne(db: Db, id: string, viewer: Me | null): Promise<Selected> {
  const selected = first(await selectAmendments(db, viewer?.id ?? null).where(eq(amendments.id, id)));
  if (!selected) throw errors.amendmentNotFound();
  return selected;
}

/** Load and present one amendment for a viewer. */
export async function loadAmendment(ctx: Domain, id: string, viewer: Me | null): Promise<Amendment> {
  const selected = await selectOne(ctx.db, id, viewer);
  const now = ctx.clock();
  const showSupports = await seesSupports(ctx.db, await rulebookById(ctx, selected.row.rulebookId), viewer, now);
  return presentAmendment(selected, await ctx.docs.view(selected.row.rulebookId, readDraft), viewer?.id ?? null, now, showSupports);
}

/**
 * A rulebook's amendments, filtered and sorted (most supported, or most recent, first; or those owed a public
 * answer first). Drafts are listed to their author only: others reach one by its link. While supports are hidden
 * from the viewer, nothing is ordered by support: most recent first instead.
 */
export async function listAmendments({ db, docs, clock }: Domain, rulebook: Rulebook, viewer: Me | null, query: AmendmentListQuery): Promise<Amendment[]> {
  const now = clock();
  const showSupports = await seesSupports(db, rulebook, viewer, now);
  const shape = { signedIn: viewer !== null, byStatus: Boolean(query.status), byArticle: Boolean(query.articleId), bySupport: query.sort !== 'recent' && showSupports };
  const rows = await amendmentList(shape)(db, { rulebookId: rulebook.id, viewerId: viewer?.id, status: query.status, articleId: query.articleId });
  const draft = await docs.view(rulebook.id, readDraft);
  const list = rows.map((s) => presentAmendment(s, draft, viewer?.id ?? null, now, showSupports));
  return query.sort === 'answer' ? rankForAnswer(list) : list;
}

/** Which amendment list is asked for: by whom (drafts are their author's), filtered how, in which order. */
interface ListShape {
  signedIn: boolean;
  byStatus: boolean;
  byArticle: boolean;
  bySupport: boolean;
}

const amendmentLists = new Map<string, ReturnType<typeof prepareList>>();

/** The prepared query for one shape of the amendment list (placeholders: rulebookId, viewerId, status, articleId). */
function amendmentList(shape: ListShape): ReturnType<typeof prepareList> {
  const name = `amendment_list_${Object.values(shape).map(Number).join('')}`;
  let query = amendmentLists.get(name);
  if (!query) amendmentLists.set(name, (query = prepareList(name, shape)));
  return query;
}

function prepareList(name: string, { signedIn, byStatus, byArticle, bySupport }: ListShape) {
  return prepared(name, (db) => {
    const viewerId = signedIn ? sql.placeholder('viewerId') : null;
    const filters = [eq(amendments.rulebookId, sql.placeholder('rulebookId')), viewerId ? or(ne(amendments.status, 'draft'), eq(amendments.authorId, viewerId)) : ne(amendments.status, 'draft')];
    if (byStatus) filters.push(eq(amendments.status, sql.placeholder('status')));
    if (byArticle) filters.push(eq(amendments.articleId, sql.placeholder('articleId')));
    const order = bySupport ? [desc(supportCount()), desc(amendments.createdAt)] : [desc(amendments.createdAt), desc(amendments.number)];
    return selectAmendments(db, viewerId).where(and(...filters)).orderBy(...order);
  });
}

// One function, so the live draft's room computes it once per version of the document (`Room.viewOf`).
const readReferrers = (ydoc: Y.Doc) => referrers(readDraftDoc(ydoc));

/** The articles of `draft` whose text refers to article `id`, in order. */
function referringArticles(byTarget: Map<string, string[]>, draft: DraftView, id: string) {
  const ids = new Set(byTarget.get(id) ?? []);
  return draft.articles.filter((a) => ids.has(a.id)).map((a) => ({ id: a.id, number: a.number, title: a.title }));
}

/** The amendment with its revisions, supporters (null while hidden from the viewer) and word-level diffs (base → proposal, base → current draft). */
export async function amendmentDetail(ctx: Domain, id: string, viewer: Me | null): Promise<AmendmentDetail> {
  const { db, docs } = ctx;
  const selected = await selectOne(db, id, viewer);
  const draft = await docs.view(selected.row.rulebookId, readDraft);
  const now = ctx.clock();
  const showSupports = await seesSupports(db, await rulebookById(ctx, selected.row.rulebookId), viewer, now);
  const amendment = presentAmendment(selected, draft, viewer?.id ?? null, now, showSupports);
  const revisions = (await db
    .select()
    .from(amendmentRevisions)
    .where(eq(amendmentRevisions.amendmentId, id))
    .orderBy(asc(amendmentRevisions.revision)))
    .map((r) => ({ revision: r.revision, title: r.title, text: r.text, rationale: r.rationale, createdAt: r.createdAt.toISOString() }));
  const supporters = showSupports
    ? (await db.select({ displayName: users.displayName }).from(supports).innerJoin(users, eq(users.id, supports.userId)).where(eq(supports.amendmentId, id)).orderBy(asc(supports.createdAt)))
    : null;
  const cosigners = await db
    .select({ displayName: users.displayName })
    .from(amendmentCosigners)
    .innerJoin(users, eq(users.id, amendmentCosigners.userId))
    .where(eq(amendmentCosigners.amendmentId, id))
    .orderBy(asc(amendmentCosigners.createdAt));
  const article = amendment.articleId ? draft.articles.find((a) => a.id === amendment.articleId) : undefined;
  const current = amendment.kind !== 'insert' && article ? { title: article.title, text: article.text } : null;
  const baseTitle = amendment.baseTitle ?? '';
  const baseText = amendment.baseText ?? '';
  const proposedTitle = amendment.kind === 'delete' ? '' : (amendment.title ?? baseTitle);
  const proposedText = amendment.kind === 'delete' ? '' : (amendment.text ?? '');
  const titleDiff = (to: string) => (baseTitle === to && amendment.kind === 'modify' ? null : diffWords(baseTitle, to));
  const changed = current && (current.title !== baseTitle || normaliseText(current.text) !== normaliseText(baseText));
  // With structured content the diffs show formatting too (a word made bold is a change).
  const bodies = await bodiesOf(ctx, selected.row);
  const textDiff = (from: Node[] | null, to: Node[] | null, fromText: string, toText: string) => (from && to ? diffContent(from, to) : diffWords(fromText, toText));
  return {
    ...amendment,
    revisions,
    supporters,
    cosigners,
    referencedBy: amendment.kind === 'delete' && amendment.articleId ? referringArticles(await docs.view(selected.row.rulebookId, readReferrers), draft, amendment.articleId) : [],
    diff: { title: titleDiff(proposedTitle), text: textDiff(bodies.base, bodies.proposed, baseText, proposedText) },
    currentDiff: changed || bodies.formattedSince ? { title: titleDiff(current!.title), text: textDiff(bodies.base, bodies.current, baseText, current!.text) } : null,
    current,
  };
}

/** An amendment's base and proposed bodies as blocks, and its article's now (null where not structured or absent). */
async function bodiesOf(ctx: Domain, row: AmendmentRow) {
  const base = storedBlocks(row.baseContent);
  const proposed = row.kind === 'delete' ? [] : storedBlocks(row.content);
  const current = row.kind !== 'insert' && row.articleId ? articleBlocks(await ctx.docs.view(row.rulebookId, readDraftDoc), row.articleId) : null;
  const formattedSince = row.kind !== 'insert' && bodyChangedSince(row, current);
  return { base: row.kind === 'insert' ? [] : base, proposed, current, formattedSince };
}

/** The number the next amendment filed in a rulebook gets. */
export async function nextNumber(db: Queryable, rulebookId: string): Promise<number> {
  return (first(await db.select({ n: max(amendments.number) }).from(amendments).where(eq(amendments.rulebookId, rulebookId)))?.n ?? 0) + 1;
}

/**
 * Propose an amendment; the article's wording at this moment is recorded as its base. As a draft it gets no
 * number and leaves no trace in the history until its author files it (`fileAmendment`).
 */
export async function proposeAmendment(ctx: Domain, rulebook: Rulebook, actor: Me | null, input: ProposeAmendmentBody): Promise<Amendment> {
  const { user } = await requireParticipant(ctx.db, rulebook, actor, ctx.clock());
  const draft = await ctx.docs.view(rulebook.id, readDraft);
  const doc = await ctx.docs.view(rulebook.id, readDraftDoc);
  const numbers = viewNumbers(draft);
  const now = ctx.clock();
  const row: AmendmentRow = {
    id: randomUUID(),
    rulebookId: rulebook.id,
    number: 0,
    kind: input.kind,
    articleId: null,
    afterArticleId: null,
    articleNumber: null,
    decidedArticleNumber: null,
    title: null,
    text: null,
    rationale: input.rationale.trim(),
    baseTitle: null,
    baseText: null,
    content: null,
    baseContent: null,
    authorId: user.id,
    status: input.draft ? 'draft' : 'open',
    decisionReason: null,
    decidedBy: null,
    decidedAt: null,
    appliedTitle: null,
    appliedText: null,
    merged: false,
    createdAt: now,
    updatedAt: now,
  };
  if (input.kind === 'insert') {
    const after = input.afterArticleId === null ? null : draft.articles.find((a) => a.id === input.afterArticleId);
    if (after === undefined) throw errors.articleNotFound(input.afterArticleId!);
    const body = proposedBody(input, [], numbers);
    Object.assign(row, { articleId: newNodeId('article'), afterArticleId: input.afterArticleId, articleNumber: after?.number ?? null, title: input.title.trim(), text: body.text, content: body.content });
  } else {
    const article = draft.articles.find((a) => a.id === input.articleId);
    if (!article) throw errors.articleNotFound(input.articleId);
    const baseContent = storedBodyOf(doc, article.id);
    Object.assign(row, { articleId: article.id, articleNumber: article.number, baseTitle: article.title, baseText: article.text, baseContent });
    if (input.kind === 'modify') {
      const current = articleBlocks(doc, article.id) ?? [];
      let title = input.title === undefined ? article.title : input.title.trim();
      let body = proposedBody(input, current, numbers);
      if (input.basedOn) {
        const rebased = rebaseProposal(input.basedOn, { title: article.title, blocks: current }, { title, blocks: body.blocks });
        if (!rebased) throw articleChanged(article);
        title = rebased.title;
        body = checkedBody(rebased.blocks, numbers);
      }
      // Formatting alone (a word made bold, a paragraph made a list) is a change.
      if (title === article.title && body.content === baseContent) {
        throw new AppError(422, 'no_change', 'The proposed wording is the same as the current one.');
      }
      Object.assign(row, { title, text: body.text, content: body.content });
    }
  }
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    if (input.draft) return void (await tx.insert(amendments).values(row));
    row.number = await nextNumber(tx, rulebook.id);
    await tx.insert(amendments).values(row);
    effects.record('amendment.created', { amendmentId: row.id, number: row.number, kind: row.kind, articleId: row.articleId, afterArticleId: row.afterArticleId });
  });
  return loadAmendment(ctx, row.id, user);
}

/** `409 article_changed`: the article changed while the proposal was written, in the same words. */
function articleChanged(article: { number: number; title: string; text: string }): AppError {
  return new AppError(409, 'article_changed', `Article ${article.number} changed while you were writing, in words you changed too: start again from its current wording.`, {
    current: { title: article.title, text: article.text },
  });
}

/** Throw unless the amendment is still open. */
export function requireOpen(row: AmendmentRow): void {
  if (row.status !== 'open') throw new AppError(409, 'amendment_closed', `This amendment is already ${row.status}.`);
}

/**
 * Inside a command's transaction: throw `amendment_closed` unless the amendment is still open there. A command reads
 * the amendment before its transaction begins, and another may have decided or withdrawn it in between.
 */
export async function requireStillOpen(tx: Tx, id: string): Promise<void> {
  const status = await statusIn(tx, id);
  if (status !== 'open') throw new AppError(409, 'amendment_closed', `This amendment is already ${status}.`);
}

/** An amendment's status as the transaction `tx` sees it now. */
export async function statusIn(tx: Tx, id: string): Promise<AmendmentRow['status']> {
  return first(await tx.select({ status: amendments.status }).from(amendments).where(eq(amendments.id, id)))!.status;
}

async function countSupports(db: Db, id: string): Promise<number> {
  return first(await db.select({ n: count() }).from(supports).where(eq(supports.amendmentId, id)))?.n ?? 0;
}

/** How many people co-signed an amendment. */
export async function countCosigners(db: Queryable, id: string): Promise<number> {
  return first(await db.select({ n: count() }).from(amendmentCosigners).where(eq(amendmentCosigners.amendmentId, id)))?.n ?? 0;
}

/**
 * Reword a draft or open amendment nobody has supported or co-signed yet; the previous wording is kept as a
 * revision. A draft's edits stay out of the history, like the draft itself.
 */
export async function editAmendment(ctx: Domain, id: string, actor: Me | null, input: EditAmendmentBody): Promise<Amendment> {
  const { row, rulebook } = await findAmendment(ctx, id);
  const user = requireAuthor(row.authorId, actor);
  await requireParticipant(ctx.db, rulebook, user, ctx.clock());
  const isDraft = row.status === 'draft';
  if (!isDraft) requireOpen(row);
  if (await countSupports(ctx.db, row.id) > 0) throw new AppError(409, 'amendment_locked', 'People already support this wording; withdraw it and propose a new one instead.');
  if (await countCosigners(ctx.db, row.id) > 0) throw new AppError(409, 'amendment_locked', 'People already co-signed this wording; propose a new one instead.');
  if (row.kind === 'delete' && (input.title !== undefined || input.text !== undefined || input.content !== undefined)) {
    throw new AppError(400, 'validation_failed', 'A deletion has no wording to edit; only its rationale.');
  }
  // Unchanged blocks of a plain-text edit keep the formatting they have in the current proposal.
  const numbers = viewNumbers(await ctx.docs.view(rulebook.id, readDraft));
  const body = input.content !== undefined || input.text !== undefined ? proposedBody(input, storedBlocks(row.content) ?? [], numbers) : null;
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    const revision = (first(await tx.select({ n: max(amendmentRevisions.revision) }).from(amendmentRevisions).where(eq(amendmentRevisions.amendmentId, row.id)))?.n ?? 0) + 1;
    await tx.insert(amendmentRevisions).values({ amendmentId: row.id, revision, title: row.title, text: row.text, content: row.content, rationale: row.rationale, createdAt: row.updatedAt });
    await tx.update(amendments)
      .set({
        title: input.title === undefined ? row.title : input.title.trim(),
        ...(body ? { text: body.text, content: body.content } : {}),
        rationale: input.rationale === undefined ? row.rationale : input.rationale.trim(),
        updatedAt: ctx.clock(),
      })
      .where(eq(amendments.id, row.id));
    effects.record('amendment.edited', { amendmentId: row.id, number: row.number, revision }, { audit: !isDraft, announce: !isDraft });
  });
  return loadAmendment(ctx, row.id, user);
}

/** The author withdraws their open amendment. */
export async function withdrawAmendment(ctx: Domain, id: string, actor: Me | null): Promise<Amendment> {
  const { row, rulebook } = await findAmendment(ctx, id);
  const user = requireAuthor(row.authorId, actor);
  requireOpen(row);
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await requireStillOpen(tx, row.id);
    await tx.update(amendments).set({ status: 'withdrawn', updatedAt: ctx.clock() }).where(eq(amendments.id, row.id));
    effects.record('amendment.withdrawn', { amendmentId: row.id, number: row.number });
  });
  return loadAmendment(ctx, row.id, user);
}
