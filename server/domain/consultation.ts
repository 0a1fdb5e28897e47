import { eq } from 'drizzle-orm';
import { rulebooks, type Rulebook } from '../db/schema.js';
import { AppError } from '../errors.js';
import { requireOrganiser } from './access.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import type { Me } from '../../shared/validation/api.js';

/** A change of the consultation window: either time, or both; null clears it. */
export interface WindowChange {
  opensAt?: Date | null;
  closesAt?: Date | null;
}

/**
 * Set (or clear, with nulls) the consultation window (organisers); a time left out keeps its stored value, so closing
 * now or reopening until a new date is one call. Records it in the audit log.
 */
export async function setConsultationWindow(ctx: Domain, rulebook: Rulebook, actor: Me | null, change: WindowChange): Promise<Rulebook> {
  const user = await requireOrganiser(ctx.db, rulebook, actor);
  const window = { opensAt: change.opensAt === undefined ? rulebook.opensAt : change.opensAt, closesAt: change.closesAt === undefined ? rulebook.closesAt : change.closesAt };
  if ((window.opensAt === null) !== (window.closesAt === null)) {
    throw new AppError(400, 'invalid_window', 'Give both the opening and the closing time, or neither.');
  }
  if (window.opensAt && window.closesAt && window.closesAt <= window.opensAt) {
    throw new AppError(400, 'invalid_window', 'The consultation must close after it opens.');
  }
  await commit(ctx, rulebook.id, user, async (tx, effects) => {
    await tx.update(rulebooks).set(window).where(eq(rulebooks.id, rulebook.id));
    effects.record('window.set', {
      opensAt: window.opensAt?.toISOString() ?? null,
      closesAt: window.closesAt?.toISOString() ?? null,
    });
  });
  return { ...rulebook, ...window };
}
