import { and, desc, eq, notInArray, or } from 'drizzle-orm';
import { Feed } from 'feed';
import { amendments, releases, users } from '../db/schema.js';
import type { Domain } from './context.js';
import type { Rulebook } from './rulebooks.js';
import { getDraft } from './draft.js';
import { errors } from '../errors.js';

/** Entries a feed keeps, newest first. */
const FEED_ENTRIES = 50;

const wording = {
  en: {
    proposed: (n: number, article: number | null) => `Amendment #${n} proposed${article ? ` (article ${article})` : ''}`,
    accepted: (n: number) => `Amendment #${n} accepted`,
    rejected: (n: number) => `Amendment #${n} rejected`,
    released: (v: string) => `Version ${v} published`,
    reason: 'Reason',
    article: (n: number | null, title: string | null) => `Article ${n ?? '?'}${title ? ` — ${title}` : ''}`,
    rulebookTitle: (title: string) => `${title}: amendments, decisions and releases`,
  },
  fr: {
    proposed: (n: number, article: number | null) => `Amendement n° ${n} proposé${article ? ` (article ${article})` : ''}`,
    accepted: (n: number) => `Amendement n° ${n} accepté`,
    rejected: (n: number) => `Amendement n° ${n} rejeté`,
    released: (v: string) => `Version ${v} publiée`,
    reason: 'Motif',
    article: (n: number | null, title: string | null) => `Article ${n ?? '?'}${title ? ` — ${title}` : ''}`,
    rulebookTitle: (title: string) => `${title} : amendements, décisions et versions`,
  },
} as const;

interface Entry {
  id: string;
  title: string;
  path: string;
  date: Date;
  author: string | null;
  content: string;
}

/** The amendments' proposals and decisions as entries, with ids that never change (`urn:amendo:…`). */
async function amendmentEntries(ctx: Domain, rulebook: Rulebook, w: (typeof wording)['en' | 'fr'], articleId: string | null): Promise<Entry[]> {
  const onArticle = articleId ? or(eq(amendments.articleId, articleId), and(eq(amendments.kind, 'insert'), eq(amendments.afterArticleId, articleId))) : undefined;
  const rows = await ctx.db
    .select({ a: amendments, author: users.displayName })
    .from(amendments)
    .innerJoin(users, eq(users.id, amendments.authorId))
    .where(and(eq(amendments.rulebookId, rulebook.id), notInArray(amendments.status, ['withdrawn', 'draft']), onArticle))
    .orderBy(desc(amendments.updatedAt))
    .limit(FEED_ENTRIES);
  const path = (id: string) => `/r/${rulebook.slug}/amendments/${id}`;
  return rows.flatMap(({ a, author }) => {
    const proposal = [a.title, a.text, a.rationale].filter(Boolean).join('\n\n');
    const entries: Entry[] = [{ id: `urn:amendo:amendment:${a.id}:proposed`, title: w.proposed(a.number, a.articleNumber), path: path(a.id), date: a.createdAt, author, content: proposal }];
    if ((a.status === 'accepted' || a.status === 'rejected') && a.decidedAt) {
      const title = a.status === 'accepted' ? w.accepted(a.number) : w.rejected(a.number);
      entries.push({ id: `urn:amendo:amendment:${a.id}:decided`, title, path: path(a.id), date: a.decidedAt, author: null, content: a.decisionReason ? `${w.reason}: ${a.decisionReason}` : '' });
    }
    return entries;
  });
}

/** Write entries as an Atom feed. */
function atom(ctx: Domain, rulebook: Rulebook, about: { id: string; title: string; selfPath: string; pagePath: string }, entries: Entry[]): string {
  const { id, title, selfPath, pagePath } = about;
  const base = ctx.mail.publicUrl();
  const sorted = entries.sort((a, b) => b.date.getTime() - a.date.getTime() || a.id.localeCompare(b.id)).slice(0, FEED_ENTRIES);
  const feed = new Feed({
    id,
    title,
    link: base + pagePath,
    language: rulebook.language,
    updated: sorted[0]?.date ?? rulebook.createdAt,
    feedLinks: { atom: base + selfPath },
    copyright: '',
    generator: 'Amendo',
  });
  for (const e of sorted) {
    feed.addItem({ id: e.id, title: e.title, link: base + e.path, date: e.date, content: e.content || undefined, author: e.author ? [{ name: e.author }] : undefined });
  }
  return feed.atom1();
}

const wordsFor = (rulebook: Rulebook) => wording[rulebook.language.startsWith('en') ? 'en' : 'fr'];

/** A rulebook's Atom feed: new amendments, decisions and releases, newest first. */
export async function rulebookFeed(ctx: Domain, rulebook: Rulebook): Promise<string> {
  const w = wordsFor(rulebook);
  const published = (await ctx.db
    .select({ id: releases.id, version: releases.version, notes: releases.notes, publishedAt: releases.publishedAt, by: users.displayName })
    .from(releases)
    .innerJoin(users, eq(users.id, releases.publishedBy))
    .where(eq(releases.rulebookId, rulebook.id))
    .orderBy(desc(releases.publishedAt))
    .limit(FEED_ENTRIES))
    .map((r): Entry => ({ id: `urn:amendo:release:${r.id}`, title: w.released(r.version), path: `/r/${rulebook.slug}/releases/${r.version}`, date: r.publishedAt, author: r.by, content: r.notes ?? '' }));
  const about = { id: `urn:amendo:feed:${rulebook.id}`, title: w.rulebookTitle(rulebook.title), selfPath: rulebookFeedPath(rulebook.slug), pagePath: `/r/${rulebook.slug}` };
  return atom(ctx, rulebook, about, [...await amendmentEntries(ctx, rulebook, w, null), ...published]);
}

/** One article's Atom feed: the amendments proposed on it and their decisions. */
export async function articleFeed(ctx: Domain, rulebook: Rulebook, articleId: string): Promise<string> {
  const article = (await getDraft(ctx, rulebook.id)).articles.find((a) => a.id === articleId);
  if (!article) throw errors.articleNotFound(articleId);
  const w = wordsFor(rulebook);
  const title = `${rulebook.title} — ${w.article(article.number, article.title)}`;
  const about = { id: `urn:amendo:feed:${rulebook.id}:${articleId}`, title, selfPath: articleFeedPath(rulebook.slug, articleId), pagePath: `/r/${rulebook.slug}?article=${articleId}` };
  return atom(ctx, rulebook, about, await amendmentEntries(ctx, rulebook, w, articleId));
}

/** Where a rulebook's feed is served. */
export const rulebookFeedPath = (slug: string) => `/api/rulebooks/${slug}/feed.atom`;
/** Where an article's feed is served. */
export const articleFeedPath = (slug: string, articleId: string) => `/api/rulebooks/${slug}/articles/${articleId}/feed.atom`;
