import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.js';
import { rulebooks } from '../db/schema.js';
import { AppError, errors } from '../errors.js';
import { recordAudit } from './audit.js';
import { roleOf, type Rulebook } from './rulebooks.js';
import type { Me, Role } from '../../shared/types.js';

/** Where a rulebook's consultation stands at a given moment. */
export type ConsultationState = 'unscheduled' | 'upcoming' | 'open' | 'closed';

/** The state of the consultation window at `now`. */
export function consultationState(rulebook: Pick<Rulebook, 'opensAt' | 'closesAt'>, now = new Date()): ConsultationState {
  if (!rulebook.opensAt || !rulebook.closesAt) return 'unscheduled';
  if (now < rulebook.opensAt) return 'upcoming';
  return now < rulebook.closesAt ? 'open' : 'closed';
}

/**
 * Throw unless `user` may take part in the debate now: anyone signed in while the window is open (the
 * consultation is public), organisers at any time. Returns the person's role on the rulebook.
 */
export function requireParticipant(db: Db, rulebook: Rulebook, user: Me | null, now = new Date()): { user: Me; role: Role | null } {
  if (!user) throw errors.notSignedIn();
  const role = roleOf(db, rulebook.id, user.id);
  if (role !== 'organiser' && consultationState(rulebook, now) !== 'open') throw errors.consultationClosed();
  return { user, role };
}

/** Set (or clear, with nulls) the consultation window; records it in the audit log. */
export function setConsultationWindow(db: Db, rulebook: Rulebook, actor: Me, window: { opensAt: Date | null; closesAt: Date | null }): Rulebook {
  if ((window.opensAt === null) !== (window.closesAt === null)) {
    throw new AppError(400, 'invalid_window', 'Give both the opening and the closing time, or neither.');
  }
  if (window.opensAt && window.closesAt && window.closesAt <= window.opensAt) {
    throw new AppError(400, 'invalid_window', 'The consultation must close after it opens.');
  }
  db.transaction((tx) => {
    tx.update(rulebooks).set(window).where(eq(rulebooks.id, rulebook.id)).run();
    recordAudit(tx, rulebook.id, actor, 'window.set', {
      opensAt: window.opensAt?.toISOString() ?? null,
      closesAt: window.closesAt?.toISOString() ?? null,
    });
  });
  return { ...rulebook, ...window };
}
