import { and, eq, inArray } from 'drizzle-orm';
import { amendments } from '../db/schema.js';
import { AppError } from '../errors.js';
import { SERVER_ORIGIN } from '../collab/registry.js';
import { readDraftDoc, writeDraftDoc } from '../../shared/doc/ydoc.js';
import { draftView } from '../../shared/doc/view.js';
import { insertArticle, removeArticle, rewordArticle } from '../../shared/doc/edit.js';
import { normaliseText } from '../../shared/doc/text.js';
import type { Me } from '../../shared/validation/api.js';
import type { Amendment, AmendmentConflict, DecisionBody, Wording } from '../../shared/validation/amendments.js';
import { requireOrganiser } from './access.js';
import type { Domain } from './context.js';
import { commit, commitDraftEdit } from './effects.js';
import { currentArticleNumber, findAmendment, loadAmendment, requireStillOpen } from './amendments.js';
import { applyAmendment } from './amendment-merge.js';
import { acceptedBlocks, bodyChangedSince } from './amendment-content.js';
import { articleBlocks } from '../../shared/doc/content.js';
import { viewNumbers } from '../../shared/doc/refs.js';
import { settleSupports } from './supports.js';

/** `409 amendment_conflict`, carrying what the organiser needs to resolve it. */
function conflictError(message: string, conflict: AmendmentConflict): AppError {
  return new AppError(409, 'amendment_conflict', message, conflict as unknown as Record<string, unknown>);
}

/**
 * An organiser accepts or rejects an open amendment, with a public reason. Accepting applies it to the live
 * draft in one Yjs transaction (connected editors and readers see it at once). If the article changed since the
 * amendment's base, the proposal is merged three-way into the current wording, and the decision records that it was
 * merged; only where both changed the same words does accepting fail with `amendment_conflict` (the three wordings,
 * and the merge with the conflicting spans marked). The organiser then sends the wording they chose as `resolvedText`
 * / `resolvedTitle` with `resolvedAgainst`, which must name the article's current wording. Two organisers deciding at
 * once are serialised: the decision re-checks the amendment inside its transaction, against a copy of the draft taken
 * there, so the second sees the first's result.
 * Supports still settling are recorded first, so the log shows them before the decision.
 */
export async function decideAmendment(ctx: Domain, id: string, actor: Me | null, input: DecisionBody): Promise<Amendment> {
  const { row: fresh, rulebook } = await findAmendment(ctx, id);
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  if (fresh.status !== 'open') throw new AppError(409, 'amendment_closed', `This amendment is already ${fresh.status}.`);
  const reason = input.reason.trim();
  const decidedAt = ctx.clock();
  const decidedArticleNumber = await currentArticleNumber(ctx, fresh);
  await settleSupports(ctx, fresh.id);

  if (input.decision === 'reject') {
    await commit(ctx, rulebook.id, user, async (tx, effects) => {
      await requireStillOpen(tx, fresh.id);
      await tx.update(amendments).set({ status: 'rejected', decisionReason: reason, decidedBy: user.id, decidedAt, decidedArticleNumber: decidedArticleNumber, updatedAt: decidedAt }).where(eq(amendments.id, fresh.id));
      effects.record('amendment.rejected', { amendmentId: fresh.id, number: fresh.number, reason });
    });
    return loadAmendment(ctx, fresh.id, user);
  }

  // The decision and its draft update are one unit: logged in one SQL transaction, broadcast once it commits.
  await commitDraftEdit(ctx, rulebook.id, user, async (ydoc, tx, effects) => {
    await requireStillOpen(tx, fresh.id);
    const doc = readDraftDoc(ydoc);
    const view = draftView(doc);
    const numbers = viewNumbers(view);
    const article = view.articles.find((a) => a.id === fresh.articleId);
    const current: Wording | null = article ? { title: article.title, text: article.text } : null;
    const resolved = input.resolvedText !== undefined || input.resolvedTitle !== undefined || input.resolvedAgainst !== undefined;

    let applied: Wording;
    let merged = false;
    let next;
    if (fresh.kind === 'insert') {
      applied = { title: input.resolvedTitle?.trim() ?? fresh.title ?? '', text: input.resolvedText !== undefined ? normaliseText(input.resolvedText) : (fresh.text ?? '') };
      next = insertArticle(doc, fresh.afterArticleId, fresh.articleId!, { title: applied.title, blocks: acceptedBlocks(fresh, null, applied.text, input.resolvedText !== undefined, numbers) });
      if (!next) {
        const proposed = { title: fresh.title ?? '', text: fresh.text ?? '' };
        throw conflictError('The article this one was to follow has been deleted; reject it or propose it again.', { base: { title: '', text: '' }, current: null, proposed, merged: null, conflicts: [], currentHash: null });
      }
    } else {
      const application = applyAmendment(fresh, current);
      const { details } = application;
      if (!current) throw conflictError('The article has been deleted since this amendment was proposed.', details);
      if (resolved) {
        // A resolution answers one conflict: made against an earlier wording, it would undo what changed since.
        if (input.resolvedAgainst !== details.currentHash) {
          throw conflictError('The article has changed since this conflict was shown: resolve it again against its current wording.', details);
        }
      } else if (!application.clean) {
        throw conflictError(
          fresh.kind === 'delete'
            ? 'The article has changed since this deletion was proposed: confirm it against the current wording.'
            : 'The article and this amendment changed the same words: send the merged wording as resolvedText, with resolvedAgainst.',
          details,
        );
      }
      const currentBlocks = articleBlocks(doc, fresh.articleId!);
      merged = !resolved && (application.outdated || bodyChangedSince(fresh, currentBlocks));
      const wording = application.wording ?? current;
      applied = { title: input.resolvedTitle?.trim() ?? wording.title, text: input.resolvedText !== undefined ? normaliseText(input.resolvedText) : wording.text };
      // `current` is in the document, so neither returns null.
      next = fresh.kind === 'modify'
        ? rewordArticle(doc, fresh.articleId!, { title: applied.title, blocks: acceptedBlocks(fresh, currentBlocks, applied.text, input.resolvedText !== undefined, numbers) })!
        : removeArticle(doc, fresh.articleId!)!;
    }

    await tx.update(amendments)
      .set({
        status: 'accepted',
        decisionReason: reason,
        decidedBy: user.id,
        decidedAt,
        decidedArticleNumber: decidedArticleNumber,
        updatedAt: decidedAt,
        appliedTitle: fresh.kind === 'delete' ? null : applied.title,
        appliedText: fresh.kind === 'delete' ? null : applied.text,
        merged,
      })
      .where(eq(amendments.id, fresh.id));
    effects.record('amendment.accepted', {
      amendmentId: fresh.id,
      number: fresh.number,
      kind: fresh.kind,
      articleId: fresh.articleId,
      reason,
      resolved,
      merged,
    });
    if (fresh.kind === 'delete') {
      const orphans = await tx
        .select()
        .from(amendments)
        .where(and(eq(amendments.rulebookId, rulebook.id), eq(amendments.articleId, fresh.articleId!), eq(amendments.status, 'open')));
      const automatic = `Article deleted by amendment #${fresh.number}.`;
      if (orphans.length) {
        await tx.update(amendments).set({ status: 'rejected', decisionReason: automatic, decidedAt, updatedAt: decidedAt }).where(inArray(amendments.id, orphans.map((o) => o.id)));
      }
      for (const o of orphans) effects.record('amendment.rejected', { amendmentId: o.id, number: o.number, reason: automatic, automatic: true }, { actor: null });
    }
    writeDraftDoc(ydoc, next, SERVER_ORIGIN);
  });
  return loadAmendment(ctx, fresh.id, user);
}
