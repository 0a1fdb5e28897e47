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
import { findAmendment, loadAmendment } from './amendments.js';
import { settleSupports } from './supports.js';

function conflictError(message: string, conflict: AmendmentConflict): AppError {
  return new AppError(409, 'amendment_conflict', message, conflict as unknown as Record<string, unknown>);
}

/**
 * An organiser accepts or rejects an open amendment, with a public reason. Accepting applies it to the live
 * draft in one Yjs transaction (connected editors and readers see it at once). If the article changed since the
 * amendment's base, accepting fails with `amendment_conflict` (base, current and proposed texts) unless the
 * organiser sends the merged wording they chose as `resolvedText` / `resolvedTitle`. The whole decision runs
 * synchronously, so two organisers deciding at once are serialised: the second sees the first's result.
 * Supports still settling are recorded first, so the log shows them before the decision.
 */
export function decideAmendment(ctx: Domain, id: string, actor: Me | null, input: DecisionBody): Amendment {
  const { row: fresh, rulebook } = findAmendment(ctx, id);
  const user = requireOrganiser(ctx.db, rulebook, actor);
  if (fresh.status !== 'open') throw new AppError(409, 'amendment_closed', `This amendment is already ${fresh.status}.`);
  const reason = input.reason.trim();
  const decidedAt = ctx.clock();
  settleSupports(ctx, fresh.id);

  if (input.decision === 'reject') {
    commit(ctx, rulebook.id, user, (tx, effects) => {
      tx.update(amendments).set({ status: 'rejected', decisionReason: reason, decidedBy: user.id, decidedAt, updatedAt: decidedAt }).where(eq(amendments.id, fresh.id)).run();
      effects.record('amendment.rejected', { amendmentId: fresh.id, number: fresh.number, reason });
    });
    return loadAmendment(ctx, fresh.id, user);
  }

  // The decision and its draft update are one unit: logged in one SQL transaction, broadcast once it commits.
  commitDraftEdit(ctx, rulebook.id, user, (ydoc, tx, effects) => {
    const doc = readDraftDoc(ydoc);
    const current = draftView(doc).articles.find((a) => a.id === fresh.articleId) ?? null;
    const base: Wording = { title: fresh.baseTitle ?? '', text: fresh.baseText ?? '' };
    const proposed: Wording = { title: fresh.title ?? '', text: fresh.text ?? '' };
    const resolved = input.resolvedText !== undefined || input.resolvedTitle !== undefined;
    const applied: Wording = {
      title: input.resolvedTitle?.trim() ?? proposed.title,
      text: input.resolvedText !== undefined ? normaliseText(input.resolvedText) : proposed.text,
    };

    let next;
    if (fresh.kind === 'insert') {
      next = insertArticle(doc, fresh.afterArticleId, fresh.articleId!, applied);
      if (!next) throw conflictError('The article this one was to follow has been deleted; reject it or propose it again.', { base, current: null, proposed });
    } else {
      if (!current) throw conflictError('The article has been deleted since this amendment was proposed.', { base, current: null, proposed });
      const changed = current.title !== base.title || normaliseText(current.text) !== normaliseText(base.text);
      if (changed && !resolved) {
        throw conflictError('The article has changed since this amendment was proposed: send the merged wording as resolvedText.', {
          base,
          current: { title: current.title, text: current.text },
          proposed,
        });
      }
      // `current` is in the document, so neither returns null.
      next = fresh.kind === 'modify' ? rewordArticle(doc, current.id, applied)! : removeArticle(doc, current.id)!;
    }

    tx.update(amendments)
      .set({
        status: 'accepted',
        decisionReason: reason,
        decidedBy: user.id,
        decidedAt,
        updatedAt: decidedAt,
        appliedTitle: fresh.kind === 'delete' ? null : applied.title,
        appliedText: fresh.kind === 'delete' ? null : applied.text,
      })
      .where(eq(amendments.id, fresh.id))
      .run();
    effects.record('amendment.accepted', {
      amendmentId: fresh.id,
      number: fresh.number,
      kind: fresh.kind,
      articleId: fresh.articleId,
      reason,
      resolved,
    });
    if (fresh.kind === 'delete') {
      const orphans = tx
        .select()
        .from(amendments)
        .where(and(eq(amendments.rulebookId, rulebook.id), eq(amendments.articleId, fresh.articleId!), eq(amendments.status, 'open')))
        .all();
      const automatic = `Article deleted by amendment #${fresh.number}.`;
      if (orphans.length) {
        tx.update(amendments).set({ status: 'rejected', decisionReason: automatic, decidedAt, updatedAt: decidedAt }).where(inArray(amendments.id, orphans.map((o) => o.id))).run();
      }
      for (const o of orphans) effects.record('amendment.rejected', { amendmentId: o.id, number: o.number, reason: automatic, automatic: true }, { actor: null });
    }
    writeDraftDoc(ydoc, next, SERVER_ORIGIN);
  });
  return loadAmendment(ctx, fresh.id, user);
}
