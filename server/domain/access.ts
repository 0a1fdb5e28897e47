import { and, count, eq, sql } from 'drizzle-orm';
import { first, prepared, type Queryable } from '../db/handle.js';
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

/** Whether a rulebook hides support counts and supporters' rolls from non-organisers now (the option is on and the consultation is not closed). */
export function supportsHidden(rulebook: Pick<Rulebook, 'hideSupportsUntilClose' | 'opensAt' | 'closesAt'>, now: Date): boolean {
  return rulebook.hideSupportsUntilClose && consultationState(rulebook, now) !== 'closed';
}

/** Whether a viewer may see support counts and supporters on a rulebook now: always for its organisers. */
export async function seesSupports(db: Queryable, rulebook: Rulebook, viewer: Me | null, now: Date): Promise<boolean> {
  return !supportsHidden(rulebook, now) || await roleOf(db, rulebook.id, viewer?.id) === 'organiser';
}

/** The role a person holds on a rulebook, or null. */
export async function roleOf(db: Queryable, rulebookId: string, userId: string | undefined): Promise<Role|null> {
  if (!userId) return null;
  return first(await membershipRole(db, { rulebookId, userId }))?.role ?? null;
}

const membershipRole = prepared('membership_role', (db) =>
  db
    .select({ role: memberships.role })
    .from(memberships)
    .where(and(eq(memberships.rulebookId, sql.placeholder('rulebookId')), eq(memberships.userId, sql.placeholder('userId')))),
);

/** How many organisers a rulebook has. */
export async function organiserCount(db: Queryable, rulebookId: string): Promise<number> {
  return first(await db.select({ n: count() }).from(memberships).where(and(eq(memberships.rulebookId, rulebookId), eq(memberships.role, 'organiser'))))?.n ?? 0;
}

/** The signed-in person, or throw `not_signed_in`. */
export function requireSignedIn(user: Me | null): Me {
  if (!user) throw errors.notSignedIn();
  return user;
}

/** Throw unless the person organises the rulebook. */
export async function requireOrganiser(db: Queryable, rulebook: Rulebook, user: Me | null): Promise<Me> {
  const me = requireSignedIn(user);
  if (await roleOf(db, rulebook.id, me.id) !== 'organiser') throw errors.notOrganiser();
  return me;
}

/** The e-mail domains a rulebook's `domains` policy allows (stored as a JSON array). */
export const allowedDomainsOf = (rulebook: Pick<Rulebook, 'allowedDomains'>): string[] => JSON.parse(rulebook.allowedDomains) as string[];

/** Whether the rulebook's participation policy lets a person with this role and address take part. */
export function meetsPolicy(rulebook: Pick<Rulebook, 'participation' | 'allowedDomains'>, role: Role | null, email: string): boolean {
  if (role || rulebook.participation === 'verified') return true;
  if (rulebook.participation === 'members') return false;
  return allowedDomainsOf(rulebook).includes(email.slice(email.lastIndexOf('@') + 1));
}

/**
 * Throw unless `user` may take part in the debate now: signed in with a verified address, allowed by the
 * rulebook's participation policy (`verified`: anyone; `domains`: members and addresses at its domains;
 * `members`: its members only), while the window is open; organisers at any time. Returns the person's role.
 * (An unverified account reads and signs in, but its comments, proposals and supports would not mean one person.)
 */
export async function requireParticipant(db: Queryable, rulebook: Rulebook, user: Me | null, now = new Date()): Promise<{ user: Me; role: Role|null; }> {
  const me = requireSignedIn(user);
  const account = first(await db.select({ verifiedAt: users.emailVerifiedAt, email: users.email }).from(users).where(eq(users.id, me.id)));
  if (account?.verifiedAt == null) throw errors.emailNotVerified();
  const role = await roleOf(db, rulebook.id, me.id);
  if (!meetsPolicy(rulebook, role, account.email)) throw errors.participationNotAllowed(rulebook.participation, allowedDomainsOf(rulebook));
  if (role !== 'organiser' && consultationState(rulebook, now) !== 'open') throw errors.consultationClosed();
  return { user: me, role: role };
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
