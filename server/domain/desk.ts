import { inArray } from 'drizzle-orm';
import { users } from '../db/schema.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import type { Me } from '../../shared/validation/api.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import type { Desk, DeskAmendment, DeskArticle, DeskThread } from '../../shared/validation/desk.js';
import { consultationState, requireOrganiser } from './access.js';
import { listAmendments } from './amendments.js';
import { rankForAnswer } from './answer-due.js';
import type { Domain } from './context.js';
import { waitingCount } from './moderation.js';
import { readThreads } from './threads.js';
import type { Rulebook } from './rulebooks.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const EXCERPT_CHARS = 160;

const presentAmendment = (a: Amendment): DeskAmendment => ({
  id: a.id,
  number: a.number,
  kind: a.kind,
  author: a.author,
  supportCount: a.supportCount ?? 0, // organisers always see counts
  cosignerCount: a.cosignerCount,
  outdated: a.outdated,
  answerDue: a.answerDue,
  overdue: a.overdue,
  createdAt: a.createdAt,
});

/** The article an open amendment concerns: the one it changes, or the one an insertion goes after (null: the start). */
const targetOf = (a: Amendment): string | null => (a.kind === 'insert' ? a.afterArticleId : a.articleId);

/** Open amendments grouped by article in draft order (articles since removed last), most supported first within each. */
function byArticle(open: Amendment[], articles: { id: string; number: number; title: string }[]): DeskArticle[] {
  const groups = new Map<string | null, Amendment[]>();
  for (const a of open) groups.set(targetOf(a), [...(groups.get(targetOf(a)) ?? []), a]);
  const position = new Map(articles.map((a, i) => [a.id, i]));
  const order = (id: string | null) => (id === null ? -1 : (position.get(id) ?? articles.length));
  return [...groups]
    .sort(([x], [y]) => order(x) - order(y))
    .map(([articleId, list]) => {
      const article = articles.find((a) => a.id === articleId);
      return {
        articleId,
        number: article?.number ?? null,
        title: article?.title ?? null,
        open: list.length,
        outdated: list.filter((a) => a.outdated).length,
        amendments: list.map(presentAmendment),
      };
    });
}

/** Top-level comments, neither deleted nor hidden, that no organiser has replied to anywhere in their thread; oldest first. */
async function unansweredThreads(ctx: Domain, rulebook: Rulebook, articles: { id: string; number: number; title: string }[]): Promise<DeskThread[]> {
  const { db } = ctx;
  const { all, organisers, answered } = await readThreads(ctx, rulebook.id);
  const waiting = all.filter((c) => !c.parentId && !c.deletedAt && !c.hiddenAt && !organisers.has(c.authorId) && !answered.has(c.id));
  if (waiting.length === 0) return [];
  const names = new Map((await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, [...new Set(waiting.map((c) => c.authorId))]))).map((u) => [u.id, u.name]));
  return waiting.map((c) => {
    const article = articles.find((a) => a.id === c.articleId);
    return {
      commentId: c.id,
      articleId: c.articleId,
      articleNumber: article?.number ?? null,
      articleTitle: article?.title ?? null,
      author: { id: c.authorId, displayName: names.get(c.authorId) ?? '' },
      excerpt: c.body.length > EXCERPT_CHARS ? `${c.body.slice(0, EXCERPT_CHARS - 1).trimEnd()}…` : c.body,
      createdAt: c.createdAt.toISOString(),
    };
  });
}

/**
 * The organiser's overview of a rulebook (organisers only): days left in the consultation, open amendments per
 * article, those owed a public answer (overdue first), comment threads no organiser answered, and the moderation queue's size.
 */
export async function organiserDesk(ctx: Domain, rulebook: Rulebook, actor: Me | null): Promise<Desk> {
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  const now = ctx.clock();
  const articles = (await ctx.docs.view(rulebook.id, readDraft)).articles;
  const open = await listAmendments(ctx, rulebook, user, { status: 'open', sort: 'support' });
  const due = rankForAnswer(open.filter((a) => a.answerDue));
  const threads = await unansweredThreads(ctx, rulebook, articles);
  const state = consultationState(rulebook, now);
  return {
    consultation: {
      state,
      opensAt: rulebook.opensAt?.toISOString() ?? null,
      closesAt: rulebook.closesAt?.toISOString() ?? null,
      daysLeft: state === 'open' && rulebook.closesAt ? Math.ceil((rulebook.closesAt.getTime() - now.getTime()) / DAY_MS) : null,
    },
    counts: {
      openAmendments: open.length,
      outdated: open.filter((a) => a.outdated).length,
      answerDue: due.length,
      overdue: due.filter((a) => a.overdue).length,
      unansweredThreads: (threads).length,
      moderationWaiting: await waitingCount(ctx, rulebook, user),
    },
    cosignThreshold: rulebook.cosignThreshold,
    articles: byArticle(open, articles),
    answerDue: due.map(presentAmendment),
    threads: threads,
  };
}
