import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.js';
import { rulebooks, type Rulebook } from '../db/schema.js';
import { AppError } from '../errors.js';
import { recordAudit } from './audit.js';
import { requireOrganiser } from './access.js';
import type { Me } from '../../shared/validation/api.js';

/** Set (or clear, with nulls) the consultation window (organisers); records it in the audit log. */
export function setConsultationWindow(db: Db, rulebook: Rulebook, actor: Me | null, window: { opensAt: Date | null; closesAt: Date | null }): Rulebook {
  const user = requireOrganiser(db, rulebook, actor);
  if ((window.opensAt === null) !== (window.closesAt === null)) {
    throw new AppError(400, 'invalid_window', 'Give both the opening and the closing time, or neither.');
  }
  if (window.opensAt && window.closesAt && window.closesAt <= window.opensAt) {
    throw new AppError(400, 'invalid_window', 'The consultation must close after it opens.');
  }
  db.transaction((tx) => {
    tx.update(rulebooks).set(window).where(eq(rulebooks.id, rulebook.id)).run();
    recordAudit(tx, rulebook.id, user, 'window.set', {
      opensAt: window.opensAt?.toISOString() ?? null,
      closesAt: window.closesAt?.toISOString() ?? null,
    });
  });
  return { ...rulebook, ...window };
}
