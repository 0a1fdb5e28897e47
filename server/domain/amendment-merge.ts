import { createHash } from 'node:crypto';
import { mergeWhole, mergeWords } from '../../shared/doc/merge.js';
import { normaliseText } from '../../shared/doc/text.js';
import type { DraftView } from '../../shared/validation/api.js';
import type { AmendmentConflict, Wording } from '../../shared/validation/amendments.js';
import type { amendments } from '../db/schema.js';

type AmendmentRow = typeof amendments.$inferSelect;

/** How an open modification or deletion would apply to its article as it is now. */
export interface Application {
  /** Whether it applies without a person choosing between two changes of the same words. */
  clean: boolean;
  /** Whether the article changed since the amendment's base (so applying it merges, or conflicts). */
  outdated: boolean;
  /** What the article would become: the proposal merged into the current wording (current wording where they conflict). */
  wording: Wording | null;
  /** The three wordings and the merge, as a `409 amendment_conflict` carries them. */
  details: AmendmentConflict;
}

/** A short fingerprint of an article's wording, which a resolution names so that it cannot overwrite a later change. */
export function wordingHash(wording: Wording): string {
  return createHash('sha256').update(JSON.stringify([wording.title, normaliseText(wording.text)])).digest('hex').slice(0, 32);
}

/**
 * How an open modification or deletion applies to `current` (the article now, or null once it is gone): a three-way
 * merge (base = the wording when proposed, ours = the article now, theirs = the proposal) over words for the text,
 * whole for the title. A deletion of an article changed since is never clean: someone must confirm it.
 */
export function applyAmendment(row: AmendmentRow, current: Wording | null): Application {
  const base: Wording = { title: row.baseTitle ?? '', text: row.baseText ?? '' };
  const proposed: Wording = row.kind === 'delete' ? { title: '', text: '' } : { title: row.title ?? '', text: row.text ?? '' };
  const none = { merged: null, conflicts: [], currentHash: current && wordingHash(current) };
  if (!current) return { clean: false, outdated: true, wording: null, details: { base, current, proposed, ...none } };
  const outdated = current.title !== base.title || normaliseText(current.text) !== normaliseText(base.text);
  if (row.kind === 'delete') return { clean: !outdated, outdated, wording: null, details: { base, current, proposed, ...none } };
  if (!outdated) return { clean: true, outdated, wording: proposed, details: { base, current, proposed, ...none, merged: proposed } };
  const title = mergeWhole(base.title, current.title, proposed.title);
  const text = mergeWords(normaliseText(base.text), normaliseText(current.text), normaliseText(proposed.text));
  const conflicts = [...title.conflicts.map((c) => ({ field: 'title' as const, ...c })), ...text.conflicts.map((c) => ({ field: 'text' as const, ...c }))];
  const merged = { title: title.text, text: text.text };
  return { clean: conflicts.length === 0, outdated, wording: merged, details: { base, current, proposed, merged, conflicts, currentHash: none.currentHash } };
}

/** Applications already worked out, by amendment, revision and article wording (bounded, oldest dropped first). */
const recent = new Map<string, Application>();
const RECENT_MAX = 500;

/** `applyAmendment`, remembered for an amendment's revision against one wording of its article (lists ask often). */
export function applyAmendmentCached(row: AmendmentRow, current: Wording | null): Application {
  const key = `${row.id}:${row.updatedAt.getTime()}:${current ? wordingHash(current) : '-'}`;
  let application = recent.get(key);
  if (!application) {
    application = applyAmendment(row, current);
    if (recent.size >= RECENT_MAX) recent.delete(recent.keys().next().value!);
    recent.set(key, application);
  }
  return application;
}

/** What an amendment shows about its article having moved on: whether it is outdated, and how it would apply now. */
export function previewAmendment(row: AmendmentRow, draft: DraftView): { outdated: boolean; preview: 'clean' | 'conflict' | null } {
  if (row.status !== 'open') return { outdated: false, preview: null };
  if (row.kind === 'insert') {
    const gone = row.afterArticleId !== null && !draft.articles.some((a) => a.id === row.afterArticleId);
    return { outdated: gone, preview: gone ? 'conflict' : null };
  }
  const article = draft.articles.find((a) => a.id === row.articleId);
  const { outdated, clean } = applyAmendmentCached(row, article ? { title: article.title, text: article.text } : null);
  return { outdated, preview: outdated ? (clean ? 'clean' : 'conflict') : null };
}
