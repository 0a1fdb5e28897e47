import { first } from '../db/handle.js';
import { and, eq, isNull, lte } from 'drizzle-orm';
import { amendments, supports, users } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requireParticipant } from './access.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import { findAmendment, loadAmendment, requireOpen, requireStillOpen } from './amendments.js';
import type { Me } from '../../shared/validation/api.js';
import type { Amendment } from '../../shared/validation/amendments.js';

/**
 * Support (or stop supporting) someone else's open amendment: one support per account. The audit log is
 * append-only, so toggling is coalesced rather than recorded blow by blow: a new support is written to the log
 * only once it has stood for `supportSettleMs` (see `settleSupports`), and withdrawing a support that was never
 * written leaves no trace. Withdrawing a recorded support is recorded at once.
 */
export async function setSupport(ctx: Domain, id: string, actor: Me | null, support: boolean): Promise<Amendment> {
  const { row, rulebook } = await findAmendment(ctx, id);
  const { user } = await requireParticipant(ctx.db, rulebook, actor, ctx.clock());
  requireOpen(row);
  if (row.authorId === user.id) throw new AppError(403, 'own_amendment', 'You cannot support your own amendment.');
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await requireStillOpen(tx, row.id);
    const existing = first(await tx.select().from(supports).where(and(eq(supports.amendmentId, row.id), eq(supports.userId, user.id))));
    if (support && existing) throw new AppError(409, 'already_supported', 'You already support this amendment.');
    if (!support && !existing) throw new AppError(409, 'not_supported', 'You do not support this amendment.');
    const payload = { amendmentId: row.id, number: row.number };
    if (support) {
      const now = ctx.clock();
      const atOnce = ctx.supportSettleMs === 0;
      await tx.insert(supports).values({ amendmentId: row.id, userId: user.id, createdAt: now, recordedAt: atOnce ? now : null });
      effects.record('amendment.supported', payload, { audit: atOnce });
    } else {
      await tx.delete(supports).where(and(eq(supports.amendmentId, row.id), eq(supports.userId, user.id)));
      effects.record('amendment.unsupported', payload, { audit: existing!.recordedAt !== null });
    }
  });
  return loadAmendment(ctx, row.id, user);
}

/**
 * Write to the audit log the supports that have stood long enough (all of one amendment's, whatever their age,
 * when `amendmentId` is given: call it before the amendment is decided or withdrawn, so the log shows its
 * supports first). Viewers were told of each support when it was given, so this announces nothing.
 */
export async function settleSupports(ctx: Domain, amendmentId?: string): Promise<void> {
  const now = ctx.clock();
  const pending = await ctx.db
    .select({ amendmentId: supports.amendmentId, number: amendments.number, rulebookId: amendments.rulebookId, createdAt: supports.createdAt, user: { id: users.id, email: users.email, displayName: users.displayName } })
    .from(supports)
    .innerJoin(amendments, eq(amendments.id, supports.amendmentId))
    .innerJoin(users, eq(users.id, supports.userId))
    .where(and(isNull(supports.recordedAt), amendmentId ? eq(supports.amendmentId, amendmentId) : lte(supports.createdAt, new Date(now.getTime() - ctx.supportSettleMs))))
    .orderBy(supports.createdAt);
  for (const p of pending) {
    await commit(ctx, p.rulebookId, p.user, async (tx, effects) => {
      // Another settling (a decision's, another instance's) may have recorded it since it was read: once only.
      const settled = await tx
        .update(supports)
        .set({ recordedAt: now })
        .where(and(eq(supports.amendmentId, p.amendmentId), eq(supports.userId, p.user.id), isNull(supports.recordedAt)))
        .returning({ userId: supports.userId });
      if (settled.length === 0) return;
      effects.record('amendment.supported', { amendmentId: p.amendmentId, number: p.number, supportedAt: p.createdAt.toISOString() }, { announce: false });
    });
  }
}
