import { first } from '../db/handle.js';
import { and, eq, isNull } from 'drizzle-orm';
import { amendmentCosigners, amendments, rulebooks, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import type { Me } from '../../shared/validation/api.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import { requireAuthor, requireOrganiser, requireParticipant } from './access.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import { findAmendment, loadAmendment, nextNumber, statusIn } from './amendments.js';
import type { Rulebook } from './rulebooks.js';

/**
 * Co-sign someone else's draft or open amendment, once per person (under the rulebook's participation policy).
 * A draft is not in the history yet, so co-signing it is written there only when its author files it.
 */
export async function cosignAmendment(ctx: Domain, id: string, actor: Me | null): Promise<Amendment> {
  const { row, rulebook } = await findAmendment(ctx, id);
  const { user } = await requireParticipant(ctx.db, rulebook, actor, ctx.clock());
  if (row.status !== 'draft' && row.status !== 'open') throw new AppError(409, 'amendment_closed', `This amendment is already ${row.status}.`);
  if (row.authorId === user.id) throw new AppError(403, 'own_amendment_cosign', 'You cannot co-sign your own amendment.');
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    // As it is now: its author may have filed it, or it been decided, since it was read.
    const status = await statusIn(tx, row.id);
    if (status !== 'draft' && status !== 'open') throw new AppError(409, 'amendment_closed', `This amendment is already ${status}.`);
    const existing = first(await tx.select({ at: amendmentCosigners.createdAt }).from(amendmentCosigners).where(and(eq(amendmentCosigners.amendmentId, row.id), eq(amendmentCosigners.userId, user.id))));
    if (existing) throw new AppError(409, 'already_cosigned', 'You already co-signed this amendment.');
    const now = ctx.clock();
    const filed = status === 'open';
    await tx.insert(amendmentCosigners).values({ amendmentId: row.id, userId: user.id, createdAt: now, recordedAt: filed ? now : null });
    effects.record('amendment.cosigned', { amendmentId: row.id, number: row.number }, { audit: filed, announce: filed });
  });
  return loadAmendment(ctx, row.id, user);
}

/**
 * The author files their draft: it gets its number, joins the public lists and the history, followed by one
 * entry per co-signer gathered while it was a draft (each in that co-signer's name, with when they signed).
 */
export async function fileAmendment(ctx: Domain, id: string, actor: Me | null): Promise<Amendment> {
  const { row, rulebook } = await findAmendment(ctx, id);
  const user = requireAuthor(row.authorId, actor);
  await requireParticipant(ctx.db, rulebook, user, ctx.clock());
  if (row.status !== 'draft') throw new AppError(409, 'amendment_not_draft', `This amendment was already filed (it is ${row.status}).`);
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    const status = await statusIn(tx, row.id);
    if (status !== 'draft') throw new AppError(409, 'amendment_not_draft', `This amendment was already filed (it is ${status}).`);
    const number = await nextNumber(tx, rulebook.id);
    const now = ctx.clock();
    await tx.update(amendments).set({ status: 'open', number: number, updatedAt: now }).where(eq(amendments.id, row.id));
    const cosigners = await tx
      .select({ id: users.id, email: users.email, displayName: users.displayName, cosignedAt: amendmentCosigners.createdAt })
      .from(amendmentCosigners)
      .innerJoin(users, eq(users.id, amendmentCosigners.userId))
      .where(and(eq(amendmentCosigners.amendmentId, row.id), isNull(amendmentCosigners.recordedAt)))
      .orderBy(amendmentCosigners.createdAt);
    effects.record('amendment.filed', { amendmentId: row.id, number, kind: row.kind, articleId: row.articleId, afterArticleId: row.afterArticleId, cosigners: cosigners.length });
    await tx.update(amendmentCosigners).set({ recordedAt: now }).where(and(eq(amendmentCosigners.amendmentId, row.id), isNull(amendmentCosigners.recordedAt)));
    for (const { cosignedAt, ...cosigner } of cosigners) {
      effects.record('amendment.cosigned', { amendmentId: row.id, number, cosignedAt: cosignedAt.toISOString() }, { actor: cosigner, announce: false });
    }
  });
  return loadAmendment(ctx, row.id, user);
}

/** Set (or clear, with null) how many co-signers oblige the organisers to answer an amendment publicly (organisers; audited). */
export async function setCosignThreshold(ctx: Domain, rulebook: Rulebook, actor: Me | null, threshold: number | null): Promise<{ threshold: number|null; }> {
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await tx.update(rulebooks).set({ cosignThreshold: threshold }).where(eq(rulebooks.id, rulebook.id));
    effects.record('cosigning.threshold_set', { threshold });
  });
  return { threshold };
}
