import { desc, max } from 'drizzle-orm';
import type { Domain } from './context.js';
import { docSnapshots, docUpdates, releases, rulebooks } from '../db/schema.js';
import type { DraftView } from '../../shared/validation/api.js';

/** A public page to list in the sitemap: where it is (its parts) and when it last changed. */
export type SitemapEntry =
  | { kind: 'rulebook'; slug: string; lastmod: Date }
  | { kind: 'release'; slug: string; version: string; lastmod: Date }
  | { kind: 'citation'; slug: string; version: string; articleId: string; lastmod: Date };

/** Most addresses in one sitemap file (the protocol's limit). */
const MAX_ENTRIES = 50_000;

const latest = (...dates: (Date | null | undefined)[]) => new Date(Math.max(...dates.map((d) => d?.getTime() ?? 0)));

/**
 * Every rulebook's page (changed with its draft), its published releases (changed when made official), and the
 * article citations of its official release, else its latest (changed when a newer release tells their fate).
 */
export async function sitemapEntries({ db }: Domain): Promise<SitemapEntry[]> {
  const books = await db.select({ id: rulebooks.id, slug: rulebooks.slug, createdAt: rulebooks.createdAt }).from(rulebooks);
  const edited = new Map<string, Date | null>();
  for (const row of await db.select({ id: docUpdates.rulebookId, at: max(docUpdates.createdAt) }).from(docUpdates).groupBy(docUpdates.rulebookId)) edited.set(row.id, row.at);
  const compacted = new Map((await db.select({ id: docSnapshots.rulebookId, at: docSnapshots.updatedAt }).from(docSnapshots)).map((r) => [r.id, r.at]));
  const published = await db
    .select({ rulebookId: releases.rulebookId, version: releases.version, content: releases.content, publishedAt: releases.publishedAt, officialAt: releases.officialAt })
    .from(releases)
    .orderBy(desc(releases.major), desc(releases.minor));

  const entries: SitemapEntry[] = [];
  for (const book of books) {
    entries.push({ kind: 'rulebook', slug: book.slug, lastmod: latest(book.createdAt, edited.get(book.id), compacted.get(book.id)) });
    const own = published.filter((r) => r.rulebookId === book.id);
    for (const r of own) entries.push({ kind: 'release', slug: book.slug, version: r.version, lastmod: latest(r.publishedAt, r.officialAt) });
    const cited = own.find((r) => r.officialAt !== null) ?? own[0];
    if (!cited) continue;
    const lastmod = latest(own[0]!.publishedAt, cited.officialAt);
    for (const a of (JSON.parse(cited.content) as DraftView).articles) entries.push({ kind: 'citation', slug: book.slug, version: cited.version, articleId: a.id, lastmod });
  }
  return entries.slice(0, MAX_ENTRIES);
}
