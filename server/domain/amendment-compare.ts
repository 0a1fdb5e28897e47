import { and, eq } from 'drizzle-orm';
import { amendments } from '../db/schema.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { diffWords } from '../../shared/doc/diff.js';
import type { Me } from '../../shared/validation/api.js';
import type { CompetingAmendments } from '../../shared/validation/amendments.js';
import type { Domain } from './context.js';
import { applyAmendmentCached } from './amendment-merge.js';
import { findAmendment, listAmendments } from './amendments.js';

/**
 * The open amendments on the article an amendment concerns, side by side: each as the change it would make to the
 * article's current wording if accepted now (merged with what changed since it was proposed), with the spans where
 * it conflicts with those changes.
 */
export async function competingAmendments(ctx: Domain, id: string, viewer: Me | null): Promise<CompetingAmendments> {
  const { row, rulebook } = await findAmendment(ctx, id);
  const article = row.kind === 'insert' ? undefined : (await ctx.docs.view(rulebook.id, readDraft)).articles.find((a) => a.id === row.articleId);
  if (!article) return { article: null, amendments: [] };
  const current = { title: article.title, text: article.text };
  const rows = new Map(
    (await ctx.db
      .select()
      .from(amendments)
      .where(and(eq(amendments.rulebookId, rulebook.id), eq(amendments.articleId, article.id), eq(amendments.status, 'open'))))
      .map((r) => [r.id, r]),
  );
  const open = await listAmendments(ctx, rulebook, viewer, { status: 'open', articleId: article.id, sort: 'support' });
  return {
    article: { id: article.id, number: article.number, ...current },
    amendments: open.map((amendment) => {
      const application = applyAmendmentCached(rows.get(amendment.id)!, current);
      const after = application.wording ?? { title: '', text: '' };
      return {
        amendment,
        change: { title: after.title === current.title ? null : diffWords(current.title, after.title), text: diffWords(current.text, after.text) },
        conflicts: application.details.conflicts,
      };
    }),
  };
}
