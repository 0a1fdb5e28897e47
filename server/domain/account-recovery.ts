import { first } from '../db/handle.js';
import { eq } from 'drizzle-orm';
import { sessions, users } from '../db/schema.js';
import { consumeToken, issueToken } from './account-tokens.js';
import { checkPassword, mailVerificationLink, normaliseEmail, present, recipientOf } from './accounts.js';
import { hashPassword } from './passwords.js';
import type { Domain } from './context.js';
import { MailMessage } from '../mail/messages.js';
import type { Me } from '../../shared/validation/api.js';
import type { Account } from '../../shared/validation/account.js';

/**
 * Mail a password-reset link to the account using `email`, if any. The caller answers the same either way, and
 * neither path waits on anything the other does not (the mail is only queued).
 */
export async function requestPasswordReset(ctx: Domain, email: string): Promise<void> {
  const user = first(await ctx.db.select().from(users).where(eq(users.email, normaliseEmail(email))));
  if (!user) return;
  await ctx.db.transaction(async (tx) => {
    const token = await issueToken(tx, user.id, 'reset', user.email, ctx.clock());
    await ctx.mail.send(tx, recipientOf(user), MailMessage.resetPassword, `/reset-password#${token}`);
  });
}

/**
 * Follow a reset link with a new password: every session of the account ends (the caller closes their sockets
 * and opens a new one). The link reached the account's address, so that address counts as verified.
 */
export async function resetPassword(ctx: Domain, token: string, password: string): Promise<Account> {
  const passwordHash = await hashPassword(password);
  const userId = await ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const used = await consumeToken(tx, token, 'reset', now);
    const user = first(await tx.select().from(users).where(eq(users.id, used.userId)))!;
    const verified = user.emailVerifiedAt ?? (user.email === used.email ? now : null);
    await tx.update(users).set({ passwordHash, emailVerifiedAt: verified }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(eq(sessions.userId, user.id));
    return user.id;
  });
  return present(first(await ctx.db.select().from(users).where(eq(users.id, userId)))!);
}

/**
 * Ask to use another address (the current password proves it is the person): a link is mailed to the new
 * address, and the account changes address only once it is followed. An address another account uses gets
 * nothing, and the answer is the same.
 */
export async function requestEmailChange(ctx: Domain, me: Me, input: { email: string; password: string }): Promise<void> {
  const user = await checkPassword(ctx.db, me, input.password);
  const email = normaliseEmail(input.email);
  if (email === user.email || first(await ctx.db.select({ id: users.id }).from(users).where(eq(users.email, email)))) return;
  await ctx.db.transaction(async (tx) => mailVerificationLink(ctx, tx, user, email));
}
