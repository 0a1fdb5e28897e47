import { and, count, eq } from 'drizzle-orm';
import type { Queryable } from '../db/open.js';
import { memberships, users, type Rulebook } from '../db/schema.js';
import { errors } from '../errors.js';
import type { Me, Role } from '../../shared/validation/api.js';

/** Where a rulebook's consultation stands at a given moment. */
export type ConsultationState = 'unscheduled' | 'upcoming' | 'open' | 'closed';

/** The state of the consultation window at `now`. */
export function consultationState(rulebook: Pick<Rulebook, 'opensAt' | 'closesAt'>, now = new Date()): ConsultationState {
  if (!rulebook.opensAt || !rulebook.closesAt) return 'unscheduled';
  if (now < rulebook.opensAt) return 'upcoming';
  return now < rulebook.closesAt ? 'open' : 'closed';
}

/** The role a person holds on a rulebook, or null. */
export function roleOf(db: Queryable, rulebookId: string, userId: string | undefined): Role | null {
  if (!userId) return null;
  const row = db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.rulebookId, rulebookId), eq(memberships.userId, userId)))
    .get();
  return row?.role ?? null;
}

/** How many organisers a rulebook has. */
export function organiserCount(db: Queryable, rulebookId: string): number {
  return db.select({ n: count() }).from(memberships).where(and(eq(memberships.rulebookId, rulebookId), eq(memberships.role, 'organiser'))).get()?.n ?? 0;
}

/** The signed-in person, or throw `not_signed_in`. */
export function requireSignedIn(user: Me | null): Me {
  if (!user) throw errors.notSignedIn();
  return user;
}

/** Throw unless the person organises the rulebook. */
export function requireOrganiser(db: Queryable, rulebook: Rulebook, user: Me | null): Me {
  const me = requireSignedIn(user);
  if (roleOf(db, rulebook.id, me.id) !== 'organiser') throw errors.notOrganiser();
  return me;
}

/** Whether a person has confirmed their e-mail address. */
export function isVerified(db: Queryable, userId: string): boolean {
  return db.select({ at: users.emailVerifiedAt }).from(users).where(eq(users.id, userId)).get()?.at != null;
}

/**
 * Throw unless `user` may take part in the debate now: anyone signed in with a verified address while the window
 * is open (the consultation is public), organisers at any time. Returns the person's role on the rulebook.
 * (An unverified account reads and signs in, but its comments, proposals and supports would not mean one person.)
 */
export function requireParticipant(db: Queryable, rulebook: Rulebook, user: Me | null, now = new Date()): { user: Me; role: Role | null } {
  const me = requireSignedIn(user);
  if (!isVerified(db, me.id)) throw errors.emailNotVerified();
  const role = roleOf(db, rulebook.id, me.id);
  if (role !== 'organiser' && consultationState(rulebook, now) !== 'open') throw errors.consultationClosed();
  return { user: me, role };
}

/** Throw unless the signed-in person wrote the thing (a comment, an amendment) whose author is `authorId`. */
export function requireAuthor(authorId: string, user: Me | null): Me {
  const me = requireSignedIn(user);
  if (authorId !== me.id) throw errors.notAuthor();
  return me;
}

/** Whether a role may write the draft over the collaboration socket. */
export const canWriteDraft = (role: Role | null) => role === 'organiser';

/** Whether a role sees how many times each comment was reported (moderation is the organisers' job). */
export const canSeeReports = (role: Role | null) => role === 'organiser';
