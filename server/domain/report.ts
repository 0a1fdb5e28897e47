import { and, asc, eq, gte, lt, ne, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/sqlite-core';
import { amendments, comments, releases, supports, users } from '../db/schema.js';
import { errors } from '../errors.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import type { DraftView } from '../../shared/validation/api.js';
import type { Changelog } from '../../shared/validation/releases.js';
import type { Participation, Report, ReportAmendment, ReportArticle, ReportComment, ReportQuery } from '../../shared/validation/report.js';
import { consultationState, supportsHidden } from './access.js';
import { previewAmendment } from './amendment-merge.js';
import type { Domain } from './context.js';
import type { Rulebook } from './rulebooks.js';
import { readThreads } from './threads.js';
import { viewNumbers } from '../../shared/doc/refs.js';

const DAY_MS = 86_400_000;
const iso = (date: Date | null) => date?.toISOString() ?? null;
const dayOf = (at: string) => at.slice(0, 10);
const rate = (count: number, of: number) => ({ count, of, rate: of === 0 ? null : count / of });

/** The instants a period of days covers: from the start of `from` to the end of `to` (UTC), either open. */
function periodBounds(query: ReportQuery): { start: Date | null; end: Date | null } {
  if (query.from && query.to && query.from > query.to) throw errors.invalidPeriod();
  const day = (d: string) => {
    const at = new Date(`${d}T00:00:00.000Z`);
    if (Number.isNaN(at.getTime())) throw errors.invalidPeriod();
    return at;
  };
  return { start: query.from ? day(query.from) : null, end: query.to ? new Date(day(query.to).getTime() + DAY_MS) : null };
}

/** For each accepted amendment, the first release whose changelog lists it. */
async function releaseOfAmendments({ db }: Domain, rulebookId: string): Promise<Map<string, string>> {
  const rows = await db
    .select({ version: releases.version, changelog: releases.changelog })
    .from(releases)
    .where(eq(releases.rulebookId, rulebookId))
    .orderBy(asc(releases.major), asc(releases.minor));
  const first = new Map<string, string>();
  for (const row of rows) for (const a of (JSON.parse(row.changelog) as Changelog).amendments) if (!first.has(a.id)) first.set(a.id, row.version);
  return first;
}

/** Titles of articles no longer in the draft, from the newest release that had them. */
async function formerTitles({ db }: Domain, rulebookId: string): Promise<Map<string, string>> {
  const titles = new Map<string, string>();
  const rows = await db.select({ content: releases.content }).from(releases).where(eq(releases.rulebookId, rulebookId)).orderBy(asc(releases.major), asc(releases.minor));
  for (const row of rows) for (const a of (JSON.parse(row.content) as DraftView).articles) titles.set(a.id, a.title);
  return titles;
}

async function reportAmendments(ctx: Domain, rulebook: Rulebook, draft: DraftView, inPeriod: ReturnType<typeof periodFilter>): Promise<{ article: string|null; amendment: ReportAmendment; baseTitle: string|null; }[]> {
  // The report is one public document: while supports are hidden, they are hidden in it for everyone.
  const hidden = supportsHidden(rulebook, ctx.clock());
  const decider = alias(users, 'decider');
  const rows = await ctx.db
    .select({
      row: amendments,
      author: { id: users.id, displayName: users.displayName },
      decidedBy: decider.displayName,
      supports: sql<number>`(select count(*) from ${supports} where ${supports.amendmentId} = ${amendments.id})`.mapWith(Number),
    })
    .from(amendments)
    .innerJoin(users, eq(users.id, amendments.authorId))
    .leftJoin(decider, eq(decider.id, amendments.decidedBy))
    .where(and(eq(amendments.rulebookId, rulebook.id), ne(amendments.status, 'draft'), ...inPeriod(amendments.createdAt)))
    .orderBy(asc(amendments.number));
  const releaseOf = await releaseOfAmendments(ctx, rulebook.id);
  const numbers = viewNumbers(draft);
  return rows.map(({ row: r, author, decidedBy, supports: supportCount }) => {
    // An accepted insertion is about the article it created; any other insertion about the one it was to follow.
    const article = r.kind === 'insert' ? (r.status === 'accepted' && r.articleId && numbers.has(r.articleId) ? r.articleId : r.afterArticleId) : r.articleId;
    return {
      article,
      baseTitle: r.baseTitle,
      amendment: {
        id: r.id,
        number: r.number,
        kind: r.kind,
        articleNumberThen: r.articleNumber,
        articleNumberNow: article ? (numbers.get(article) ?? null) : null,
        title: r.title,
        text: r.text,
        rationale: r.rationale,
        author,
        createdAt: r.createdAt.toISOString(),
        supports: hidden ? null : supportCount,
        status: r.status,
        outdated: previewAmendment(r, draft).outdated,
        reason: r.decisionReason,
        decidedAt: iso(r.decidedAt),
        decidedBy: r.decidedBy ? (decidedBy ?? '') : null,
        release: r.status === 'accepted' ? (releaseOf.get(r.id) ?? null) : null,
      },
    };
  });
}

async function reportComments(ctx: Domain, rulebook: Rulebook, draft: DraftView, inPeriod: ReturnType<typeof periodFilter>): Promise<{ article: string; comment: ReportComment; }[]> {
  const { db } = ctx;
  // Threads reach beyond the period (a reply may come later), so every comment is read and only roots are filtered.
  const { all, replies, answered } = await readThreads(ctx, rulebook.id);
  const roots = await db
    .select({ id: comments.id })
    .from(comments)
    .where(and(eq(comments.rulebookId, rulebook.id), sql`${comments.parentId} is null`, ...inPeriod(comments.createdAt)));
  const inReport = new Set(roots.map((r) => r.id));
  const names = new Map((await db.select({ id: users.id, name: users.displayName }).from(users)).map((u) => [u.id, u.name]));
  const numbers = viewNumbers(draft);
  return all
    .filter((c) => inReport.has(c.id))
    .map((c) => ({
      article: c.articleId,
      comment: {
        id: c.id,
        articleNumberThen: c.articleNumber,
        articleNumberNow: numbers.get(c.articleId) ?? null,
        author: { id: c.authorId, displayName: names.get(c.authorId) ?? '' },
        createdAt: c.createdAt.toISOString(),
        state: c.deletedAt ? 'deleted' : c.hiddenAt ? 'hidden' : 'visible',
        // A hidden comment's text never leaves the server in the report: only the public reason does.
        body: c.deletedAt || c.hiddenAt ? null : c.body,
        hiddenReason: c.hiddenAt && !c.deletedAt ? (c.hiddenReason ?? '') : null,
        replies: replies.get(c.id) ?? 0,
        organiserReplied: answered.has(c.id),
      },
    }));
}

/** Conditions keeping a row whose creation instant is within the period. */
function periodFilter(bounds: { start: Date | null; end: Date | null }) {
  return (column: typeof amendments.createdAt | typeof comments.createdAt) => [
    ...(bounds.start ? [gte(column, bounds.start)] : []),
    ...(bounds.end ? [lt(column, bounds.end)] : []),
  ];
}

/** Every day from the first contribution to the last, with how many amendments and threads each saw. */
function participationByDay(articles: ReportArticle[]): Participation['byDay'] {
  const counts = new Map<string, { amendments: number; comments: number }>();
  const bump = (at: string, key: 'amendments' | 'comments') => {
    const day = counts.get(dayOf(at)) ?? { amendments: 0, comments: 0 };
    day[key]++;
    counts.set(dayOf(at), day);
  };
  for (const a of articles) {
    a.amendments.forEach((x) => bump(x.createdAt, 'amendments'));
    a.comments.forEach((x) => bump(x.createdAt, 'comments'));
  }
  const days = [...counts.keys()].sort();
  if (days.length === 0) return [];
  const out: Participation['byDay'] = [];
  for (let t = Date.parse(days[0]!); t <= Date.parse(days[days.length - 1]!); t += DAY_MS) {
    const day = new Date(t).toISOString().slice(0, 10);
    out.push({ day, ...(counts.get(day) ?? { amendments: 0, comments: 0 }) });
  }
  return out;
}

/**
 * The consultation report (public): every amendment and every thread made in the period, grouped by article in
 * the draft's order, each numbered as in the version it targeted and today, with decisions and their public
 * reasons, the release that carried each accepted change, the answer rates and the participation per day and
 * article. Hidden comments appear with their public reason, never their text; reports and reporters never appear.
 */
export async function buildReport(ctx: Domain, rulebook: Rulebook, query: ReportQuery): Promise<Report> {
  const inPeriod = periodFilter(periodBounds(query));
  const draft = await ctx.docs.view(rulebook.id, readDraft);
  const found = await reportAmendments(ctx, rulebook, draft, inPeriod);
  const threads = await reportComments(ctx, rulebook, draft, inPeriod);

  const groups = new Map<string | null, ReportArticle>();
  const former = await formerTitles(ctx, rulebook.id);
  const groupOf = (articleId: string | null, fallbackTitle: string | null = null) => {
    let group = groups.get(articleId);
    if (!group) {
      const now = articleId ? draft.articles.find((a) => a.id === articleId) : undefined;
      group = { articleId, numberNow: now?.number ?? null, title: now?.title ?? (articleId ? (former.get(articleId) ?? fallbackTitle) : null), amendments: [], comments: [] };
      groups.set(articleId, group);
    }
    return group;
  };
  for (const { article, amendment, baseTitle } of found) groupOf(article, baseTitle).amendments.push(amendment);
  for (const { article, comment } of threads) groupOf(article).comments.push(comment);
  // The start of the rulebook first, then the draft's order, then articles since removed (by their former number).
  const position = (g: ReportArticle) => (g.articleId === null ? -1 : (g.numberNow ?? 1e6 + (g.amendments[0]?.articleNumberThen ?? g.comments[0]?.articleNumberThen ?? 0)));
  const articles = [...groups.values()].sort((a, b) => position(a) - position(b) || String(a.articleId).localeCompare(String(b.articleId)));

  const all = found.map((f) => f.amendment);
  const count = (status: ReportAmendment['status']) => all.filter((a) => a.status === status).length;
  const roots = threads.map((t) => t.comment);
  const live = roots.filter((c) => c.state !== 'deleted');
  const contributors = new Set([...all.map((a) => a.author.id), ...roots.map((c) => c.author.id)]);
  return {
    rulebook: { slug: rulebook.slug, title: rulebook.title, language: rulebook.language },
    consultation: { opensAt: iso(rulebook.opensAt), closesAt: iso(rulebook.closesAt), state: consultationState(rulebook, ctx.clock()) },
    period: { from: query.from ?? null, to: query.to ?? null },
    totals: {
      amendments: all.length,
      accepted: count('accepted'),
      rejected: count('rejected'),
      withdrawn: count('withdrawn'),
      open: count('open'),
      outdated: all.filter((a) => a.outdated).length,
      comments: roots.length,
      replies: roots.reduce((n, c) => n + c.replies, 0),
      hiddenComments: roots.filter((c) => c.state === 'hidden').length,
      contributors: contributors.size,
    },
    answerRates: {
      amendmentsDecided: rate(count('accepted') + count('rejected'), all.length - count('withdrawn')),
      threadsAnswered: rate(live.filter((c) => c.organiserReplied).length, live.length),
    },
    participation: {
      byDay: participationByDay(articles),
      byArticle: articles.map((a) => ({ articleId: a.articleId, numberNow: a.numberNow, amendments: a.amendments.length, comments: a.comments.length })),
    },
    articles,
  };
}
