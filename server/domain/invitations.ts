import { randomBytes, randomUUID } from 'node:crypto';
import { and, asc, eq, gt, isNull } from 'drizzle-orm';
import { first, type Queryable } from '../db/handle.js';
import { invitations, memberships, users, type Rulebook } from '../db/schema.js';
import { errors } from '../errors.js';
import { organiserCount, requireOrganiser, requireSignedIn, roleOf } from './access.js';
import { hashSecret } from './account-tokens.js';
import { insertAccount, normaliseEmail, present } from './accounts.js';
import type { Domain } from './context.js';
import { commit } from './effects.js';
import { hashPassword } from './passwords.js';
import { applyRole, rulebookById } from './rulebooks.js';
import { MailMessage, type MailLanguage } from '../mail/messages.js';
import type { Me, Role } from '../../shared/validation/api.js';
import type { Account } from '../../shared/validation/account.js';
import type { Invitation, InvitationAccepted, InvitationPreview, InvitationSignUpBody } from '../../shared/validation/invitations.js';

/** How long an invitation link works. */
export const INVITATION_TTL_MS = 14 * 24 * 3600_000;

type InvitationRow = typeof invitations.$inferSelect;

/** The language to write to an address no account uses: the rulebook's, when it is one mail is written in. */
const mailLanguageOf = (rulebook: Rulebook): MailLanguage => (rulebook.language.toLowerCase().startsWith('en') ? 'en' : 'fr');

const pending = (now: Date) => and(isNull(invitations.acceptedAt), isNull(invitations.revokedAt), gt(invitations.expiresAt, now));

/**
 * Invite the person using `email` to a rulebook with a role (organisers): a single-use link valid for
 * `INVITATION_TTL_MS` is mailed (in the account's language, else the rulebook's) whether or not an account uses
 * the address, and replaces any earlier pending invitation of that address. An address a member already uses
 * changes that member's role instead (organisers see their members' addresses, so this reveals nothing).
 */
export async function inviteToRulebook(ctx: Domain, rulebook: Rulebook, actor: Me | null, input: { email: string; role: Role }): Promise<void> {
  const organiser = await requireOrganiser(ctx.db, rulebook, actor);
  const email = normaliseEmail(input.email);
  const now = ctx.clock();
  await commit(ctx, rulebook.id, organiser, async (tx, effects) => {
    const account = first(await tx.select().from(users).where(eq(users.email, email)));
    if (account && await roleOf(tx, rulebook.id, account.id)) return applyRole(tx, effects, rulebook.id, account, input.role, now);
    await tx.update(invitations).set({ revokedAt: now }).where(and(eq(invitations.rulebookId, rulebook.id), eq(invitations.email, email), pending(now)));
    const token = randomBytes(32).toString('base64url');
    await tx.insert(invitations)
      .values({ id: randomUUID(), rulebookId: rulebook.id, email, role: input.role, tokenHash: hashSecret(token), invitedBy: (organiser).id, createdAt: now, expiresAt: new Date(now.getTime() + INVITATION_TTL_MS) });
    const recipient = { userId: account?.id ?? null, email, displayName: account?.displayName ?? '', language: account?.language ?? mailLanguageOf(rulebook) };
    const message = account ? MailMessage.invitation : MailMessage.invitationNewAccount;
    await ctx.mail.send(tx, recipient, message, `/invitations#${token}`, undefined, { inviter: (organiser).displayName, rulebook: rulebook.title });
  });
}

/** The pending invitations of a rulebook, oldest first (organisers). */
export async function listInvitations(ctx: Domain, rulebook: Rulebook, viewer: Me | null): Promise<Invitation[]> {
  await requireOrganiser(ctx.db, rulebook, viewer);
  return (await ctx.db
    .select({ row: invitations, invitedBy: users.displayName })
    .from(invitations)
    .leftJoin(users, eq(users.id, invitations.invitedBy))
    .where(and(eq(invitations.rulebookId, rulebook.id), pending(ctx.clock())))
    .orderBy(asc(invitations.createdAt)))
    .map(({ row, invitedBy }) => ({ id: row.id, email: row.email, role: row.role, invitedBy, createdAt: row.createdAt.toISOString(), expiresAt: row.expiresAt.toISOString() }));
}

/** Revoke a pending invitation (organisers): its link stops working. */
export async function revokeInvitation(ctx: Domain, rulebook: Rulebook, actor: Me | null, id: string): Promise<void> {
  await requireOrganiser(ctx.db, rulebook, actor);
  const revoked = first(await ctx.db
    .update(invitations)
    .set({ revokedAt: ctx.clock() })
    .where(and(eq(invitations.id, id), eq(invitations.rulebookId, rulebook.id), pending(ctx.clock())))
    .returning({ id: invitations.id }));
  if (!revoked) throw errors.invitationNotFound();
}

/** The pending invitation a link's secret belongs to, or throw `link_invalid` (unknown, expired, used or revoked). */
async function pendingInvitation(q: Queryable, token: string, now: Date): Promise<InvitationRow> {
  const row = first(await q.select().from(invitations).where(and(eq(invitations.tokenHash, hashSecret(token)), pending(now))));
  if (!row) throw errors.linkInvalid();
  return row;
}

/** What an invitation link offers, for the page it opens (the link's holder read it at the invited address). */
export async function previewInvitation(ctx: Domain, token: string): Promise<InvitationPreview> {
  const row = await pendingInvitation(ctx.db, token, ctx.clock());
  const rulebook = await rulebookById(ctx, row.rulebookId);
  const inviter = row.invitedBy ? first(await ctx.db.select({ name: users.displayName }).from(users).where(eq(users.id, row.invitedBy))) : undefined;
  const account = first(await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, row.email)));
  return { rulebook: { slug: rulebook.slug, title: rulebook.title }, role: row.role, email: row.email, invitedBy: inviter?.name ?? null, expiresAt: row.expiresAt.toISOString(), hasAccount: !!account };
}

/** Use the invitation in `tx` for `user`: they get its role (keeping organiser if they had it), once. */
function join(ctx: Domain, rulebook: Rulebook, row: InvitationRow, user: Me): Promise<InvitationAccepted> {
  return commit(ctx, rulebook.id, user, async (tx, effects) => {
    const now = ctx.clock();
    // The row's state is checked again inside the transaction, so a link is used once even by two tabs.
    const used = first(await tx.update(invitations).set({ acceptedAt: now, acceptedBy: user.id }).where(and(eq(invitations.id, row.id), pending(now))).returning({ id: invitations.id }));
    if (!used) throw errors.linkInvalid();
    // The link reached the invited address: if it is the person's own, it is now verified.
    await tx.update(users).set({ emailVerifiedAt: now }).where(and(eq(users.id, user.id), eq(users.email, row.email), isNull(users.emailVerifiedAt)));
    const current = await roleOf(tx, rulebook.id, user.id);
    const role: Role = current === 'organiser' ? 'organiser' : row.role;
    if (current !== role) {
      await tx.insert(memberships)
        .values({ rulebookId: rulebook.id, userId: user.id, role, createdAt: now })
        .onConflictDoUpdate({ target: [memberships.rulebookId, memberships.userId], set: { role } });
      effects.record('membership.set', { userId: user.id, displayName: user.displayName, role, invited: true });
    }
    return { slug: rulebook.slug, role };
  });
}

/**
 * Accept an invitation while signed in: the signed-in account joins with the invitation's role, whatever its
 * address (the link is single-use, so one invitation makes one member); an unverified account invited at its
 * own address becomes verified.
 */
export async function acceptInvitation(ctx: Domain, token: string, actor: Me | null): Promise<InvitationAccepted> {
  const me = requireSignedIn(actor);
  const row = await pendingInvitation(ctx.db, token, ctx.clock());
  return join(ctx, await rulebookById(ctx, row.rulebookId), row, me);
}

/**
 * Sign up through an invitation and join in one step: the account uses the invited address, verified (the link
 * reached it). Throws `email_taken` when an account already uses it (the link's holder reads that mailbox; they
 * sign in and accept instead). Returns the account, to sign in, and where it joined.
 */
export async function signUpWithInvitation(ctx: Domain, input: InvitationSignUpBody): Promise<{ account: Account; joined: InvitationAccepted }> {
  const passwordHash = await hashPassword(input.password);
  // No await from here on: the invitation cannot be used twice in between.
  const now = ctx.clock();
  const row = await pendingInvitation(ctx.db, input.token, now);
  const rulebook = await rulebookById(ctx, row.rulebookId);
  const account = await ctx.db.transaction(async (tx) =>
    present(await insertAccount(tx, { email: row.email, displayName: input.displayName, passwordHash, language: input.language ?? mailLanguageOf(rulebook), verifiedAt: now }, now)),
  );
  return { account, joined: await join(ctx, rulebook, row, account) };
}

/** Remove a member or organiser from a rulebook (organisers; not its last organiser), recorded in the audit log. */
export async function removeMember(ctx: Domain, rulebook: Rulebook, actor: Me | null, userId: string): Promise<void> {
  const organiser = await requireOrganiser(ctx.db, rulebook, actor);
  await commit(ctx, rulebook.id, organiser, async (tx, effects) => {
    const role = await roleOf(tx, rulebook.id, userId);
    if (!role) throw errors.memberNotFound();
    if (role === 'organiser' && await organiserCount(tx, rulebook.id) <= 1) throw errors.lastOrganiser();
    const person = first(await tx.select({ displayName: users.displayName }).from(users).where(eq(users.id, userId)))!;
    await tx.delete(memberships).where(and(eq(memberships.rulebookId, rulebook.id), eq(memberships.userId, userId)));
    effects.record('membership.removed', { userId, displayName: person.displayName, role });
  });
}
