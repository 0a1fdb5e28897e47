import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me, RulebookSummary } from '../../shared/validation/api.js';
import type { Consultation } from '../format.js';

/** An article of the live draft as the debate refers to it. */
export interface ArticleRef {
  id: string;
  number: number;
  title: string;
}

/** What every part of a rulebook page's debate needs to know: who is here and what they may do. */
export interface Debate {
  slug: string;
  rulebook: RulebookSummary;
  me: Me | null;
  isOrganiser: boolean;
  /** Where the consultation stands now, by the reader's clock. */
  consultation: Consultation;
  /** Whether this person may comment, propose and support now (signed in, and the window is open or they organise). */
  canTakePart: boolean;
  /** The articles of the live draft, in order (empty until it is loaded). */
  articles: ArticleRef[];
  /** Current number of an article, or null if the draft no longer has it. */
  numberOf: (articleId: string | null) => number | null;
  /** The page of the amendment numbered `n` (`#n` in a comment), or null when the reader has none such. */
  amendmentHref: (n: number) => string | null;
}

/** The debate of the rulebook page being shown. */
export const DebateContext = createContext<Debate | null>(null);

/** The debate of the current rulebook page; only call inside one. */
export function useDebate(): Debate {
  const debate = useContext(DebateContext);
  if (!debate) throw new Error('useDebate outside a rulebook page');
  return debate;
}

/** The tabs of a rulebook page. */
export type RulebookTab = 'draft' | 'amendments' | 'history' | 'releases';

/** The address of a part of a rulebook page: a tab, the discussion of an article, or an amendment. */
export function rulebookHref(slug: string, where: { tab?: RulebookTab; article?: string; amendment?: string; query?: Record<string, string | undefined> } = {}): string {
  const base = `/r/${encodeURIComponent(slug)}`;
  if (where.amendment) return `${base}/amendments/${encodeURIComponent(where.amendment)}`;
  const params = new URLSearchParams();
  if (where.tab && where.tab !== 'draft') params.set('tab', where.tab);
  if (where.article) params.set('article', where.article);
  for (const [key, value] of Object.entries(where.query ?? {})) if (value) params.set(key, value);
  const text = params.toString();
  return text ? `${base}?${text}` : base;
}

/** The address of a release's page. */
export function releaseHref(slug: string, version: string): string {
  return `/r/${encodeURIComponent(slug)}/releases/${encodeURIComponent(version)}`;
}

/** The shareable address of the comparison between two versions (`to` may be `draft`). */
export function diffHref(slug: string, from: string, to: string, view?: 'inline' | 'side'): string {
  const params = new URLSearchParams({ from, to });
  if (view === 'side') params.set('view', 'side');
  return `/r/${encodeURIComponent(slug)}/diff?${params.toString()}`;
}
