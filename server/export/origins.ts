import type { Origin, Provenance } from '../../shared/validation/provenance.js';

/** How many characters of an article's title and text came from one origin (an index in the appendix's `origins`). */
export interface OriginShare {
  origin: number;
  chars: number;
}

/** One article as the appendix accounts for it: what created it, and the origins of its text, that one first, then oldest first. */
export interface ArticleOrigins {
  id: string;
  created: number | null;
  shares: OriginShare[];
}

/**
 * What the appendix "Origin of each article" of a release PDF prints, computed on the server's thread from the
 * release's provenance (the layout runs in a worker, which has no database), small enough to hand to it.
 */
export interface OriginsAppendix {
  origins: Origin[];
  articles: ArticleOrigins[];
  /** Where amendments' pages live, the amendment's id to append (`…/r/:slug/amendments/`). */
  amendmentBase: string;
}

/**
 * The edits an organiser made the same day that first appeared in the same release are one origin to a reader: the
 * edit journal records a typing session at a time, so one afternoon's work would otherwise be a dozen lines.
 */
const editKey = (origin: Origin) => (origin.kind === 'direct_edit' ? `${origin.editor?.displayName ?? ''}\u0001${origin.firstRelease ?? ''}\u0001${origin.at?.slice(0, 10) ?? ''}` : null);

/** The appendix of a version from its provenance: each article's characters counted by origin. */
export function originsAppendix(provenance: Provenance, amendmentBase: string): OriginsAppendix {
  const first = new Map<string, number>();
  const merged = provenance.origins.map((origin, index) => {
    const key = editKey(origin);
    if (key === null) return index;
    if (!first.has(key)) first.set(key, index);
    return first.get(key)!;
  });
  const articles = provenance.articles.map((article): ArticleOrigins => {
    const chars = new Map<number, number>();
    for (const run of article.runs) chars.set(merged[run.origin]!, (chars.get(merged[run.origin]!) ?? 0) + run.text.length);
    const created = article.created === null ? null : merged[article.created]!;
    const rank = (origin: number) => (origin === created ? -1 : origin);
    const shares = [...chars].map(([origin, n]) => ({ origin, chars: n })).filter((s) => s.chars > 0).sort((a, b) => rank(a.origin) - rank(b.origin));
    return { id: article.id, created, shares };
  });
  return { origins: provenance.origins, articles, amendmentBase };
}
