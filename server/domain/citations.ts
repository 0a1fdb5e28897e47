import { and, asc, eq, gt } from 'drizzle-orm';
import type { Domain } from './context.js';
import type { Rulebook } from './rulebooks.js';
import { listReleases, versionView } from './releases.js';
import { versionText, type VersionText } from './version-text.js';
import { amendments } from '../db/schema.js';
import { AppError } from '../errors.js';
import { diffVersions } from '../../shared/doc/version-diff.js';
import type { DraftView } from '../../shared/validation/api.js';
import type { ArticleFate, Citation, CitedAmendment } from '../../shared/validation/citations.js';
import type { ChangelogAmendment } from '../../shared/validation/releases.js';

/** A version after the cited one, and the accepted amendments that led to it from the version before. */
interface LaterVersion {
  version: string;
  view: DraftView;
  amendments: CitedAmendment[];
}

/**
 * A view where only one article keeps its wording: the id-matched diff then tells that article's fate (order,
 * number, wording) without computing word diffs of every other article.
 */
function narrowed(view: DraftView, articleId: string): DraftView {
  return { ...view, title: '', preamble: '', articles: view.articles.map((a) => (a.id === articleId ? a : { ...a, title: '', text: '' })) };
}

/** What became of an article from `cited` on, version by version, up to its removal. */
function fateOf(articleId: string, cited: DraftView, later: LaterVersion[]): ArticleFate[] {
  const fates: ArticleFate[] = [];
  let previous = cited;
  for (const step of later) {
    const entry = diffVersions(narrowed(previous, articleId), narrowed(step.view, articleId)).articles.find((a) => a.id === articleId);
    if (!entry) break;
    fates.push({ version: step.version, status: entry.status, number: entry.toNumber, amendments: step.amendments });
    if (entry.status === 'removed') break;
    previous = step.view;
  }
  return fates;
}

const concerning = (articleId: string, list: ChangelogAmendment[]): CitedAmendment[] =>
  list.filter((a) => a.articleId === articleId && a.kind !== 'insert').map(({ id, number, kind }) => ({ id, number, kind }));

/** The releases after `version` (oldest first) and the live draft, each with the accepted amendments that changed the article. */
async function laterVersions(ctx: Domain, rulebook: Rulebook, version: string, articleId: string): Promise<LaterVersion[]> {
  if (version === 'draft') return [];
  const releases = await listReleases(ctx, rulebook);
  const newer = releases.slice(0, releases.findIndex((r) => r.version === version)).reverse();
  const later: LaterVersion[] = [];
  for (const r of newer) later.push({ version: r.version, view: await versionView(ctx, rulebook, r.version), amendments: concerning(articleId, r.changelog.amendments) });
  // Amendments accepted since the latest release (the changelog's own rule) lead to the draft.
  const since = new Date(releases[0]!.publishedAt);
  const sinceLatest = await ctx.db
    .select({ id: amendments.id, number: amendments.number, kind: amendments.kind })
    .from(amendments)
    .where(and(eq(amendments.rulebookId, rulebook.id), eq(amendments.articleId, articleId), eq(amendments.status, 'accepted'), gt(amendments.decidedAt, since)))
    .orderBy(asc(amendments.number));
  later.push({ version: 'draft', view: await versionView(ctx, rulebook, 'draft'), amendments: sinceLatest.filter((a) => a.kind !== 'insert') });
  return later;
}

/**
 * One article as a version (a release, or `draft`) has it, cut into numbered paragraphs, and what became of it in
 * each later release and the live draft (`article_not_found` when the version has no such article).
 */
export async function citeArticle(ctx: Domain, rulebook: Rulebook, version: string, articleId: string): Promise<{ citation: Citation; text: VersionText }> {
  const text = await versionText(ctx, rulebook, version);
  const article = text.view.articles.find((a) => a.id === articleId);
  if (!article) throw new AppError(404, 'article_not_found', version === 'draft' ? `The draft has no article with id "${articleId}".` : `Version ${version} has no article with id "${articleId}".`);
  const citation: Citation = {
    version,
    rulebookTitle: text.view.title || rulebook.title,
    article: { id: article.id, number: article.number, title: article.title, text: article.text, section: article.section },
    paragraphs: (text.articles[articleId] ?? []).map((p, i) => ({ n: i + 1, text: p.text })),
    later: fateOf(articleId, text.view, await laterVersions(ctx, rulebook, version, articleId)),
  };
  return { citation, text };
}
