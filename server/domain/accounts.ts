import { randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, isNull, lt, sql } from 'drizzle-orm';
import { isUniqueViolation } from '../db/errors.js';
import { first, prepared, type Db, type Queryable } from '../db/handle.js';
import { mailQueue, sessions, users } from '../db/schema.js';
import { errors } from '../errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { consumeToken, hashSecret, issueToken } from './account-tokens.js';
import type { Domain } from './context.js';
import { MailMessage } from '../mail/messages.js';
import { NotificationKind } from '../mail/unsubscribe.js';
import type { Recipient } from '../mail/mailer.js';
import type { Me, RegisterBody } from '../../shared/validation/api.js';
import type { Account, AccountPatch, SessionSummary, SignUpAnswer } from '../../shared/validation/account.js';
import { displayNameKey } from '../../shared/validation/text.js';

/** How long a session lasts without signing in again. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** A hash to compare against when the email is unknown, so timing does not reveal which emails exist. */
const decoyHash = hashPassword(randomUUID());

type UserRow = typeof users.$inferSelect;

/** An account as `GET /api/me` presents it. */
export const present = (u: UserRow): Account => ({ id: u.id, email: u.email, displayName: u.displayName, verified: u.emailVerifiedAt !== null, language: u.language });

/** The person as a mail recipient. */
export const recipientOf = (u: Pick<UserRow, 'id' | 'email' | 'displayName' | 'language'>, email = u.email): Recipient => ({
  userId: u.id,
  email,
  displayName: u.displayName,
  language: u.language,
});

/**
 * The one form of an e-mail address that is stored and compared: trimmed, compatibility-composed (NFKC, so a
 * full-width or ligature look-alike is the same address) and lower-cased, so one mailbox cannot make two accounts.
 */
export function normaliseEmail(raw: string): string {
  return raw.trim().normalize('NFKC').toLowerCase().normalize('NFKC');
}

const userByEmail = async (q: Queryable, email: string) => first(await q.select().from(users).where(eq(users.email, email)));

/**
 * Insert an account (throws `display_name_taken` or `email_taken`). Used as is by the demo seed, whose accounts
 * are verified; people sign up through `signUp`.
 */
export async function insertAccount(q: Queryable, input: { email: string; displayName: string; passwordHash: string; language?: 'fr' | 'en'; verifiedAt?: Date }, now: Date): Promise<UserRow> {
  const row: UserRow = {
    id: randomUUID(),
    email: normaliseEmail(input.email),
    displayName: input.displayName.trim(),
    displayNameKey: displayNameKey(input.displayName),
    passwordHash: input.passwordHash,
    emailVerifiedAt: input.verifiedAt ?? null,
    language: input.language ?? 'fr',
    createdAt: now,
  };
  try {
    await q.insert(users).values(row);
  } catch (err) {
    if (isUniqueViolation(err, 'display_name_key')) throw errors.displayNameTaken();
    if (isUniqueViolation(err, 'email')) throw errors.emailTaken();
    throw err;
  }
  return row;
}

/**
 * Sign up: create an unverified account and mail it a verification link. The answer never says whether the
 * address already had an account: if it had, nothing is created and its owner is mailed instead ("someone tried
 * to sign up with your address"); the password is hashed either way so both take as long. A display name already
 * taken is refused (names are public).
 */
export async function signUp(ctx: Domain, input: RegisterBody): Promise<SignUpAnswer> {
  const email = normaliseEmail(input.email);
  const passwordHash = await hashPassword(input.password);
  const answer: SignUpAnswer = { email, displayName: input.displayName, verification: 'mailed' };
  // No await from here on: the checks and the insert cannot interleave with another sign-up.
  const key = displayNameKey(input.displayName);
  const namesake = first(await ctx.db.select({ id: users.id }).from(users).where(eq(users.displayNameKey, key)));
  if (namesake) throw errors.displayNameTaken();
  const now = ctx.clock();
  await ctx.db.transaction(async (tx) => {
    const owner = await userByEmail(tx, email);
    if (owner) {
      if (!await alertedWithin(tx, owner.email, now)) await ctx.mail.send(tx, recipientOf(owner), MailMessage.signupAttempt, '/forgot-password', NotificationKind.accountAlerts);
      return;
    }
    const user = await insertAccount(tx, { email, displayName: input.displayName, passwordHash, language: input.language }, now);
    await mailVerificationLink(ctx, tx, user, email);
  });
  return answer;
}

/** At most one "someone tried to sign up with your address" mail per address in this long. */
const SIGNUP_ALERT_INTERVAL_MS = 3600_000;

/**
 * Whether `email` was queued an account alert (the sign-up attempt mail, the only one of that kind) in the last
 * `SIGNUP_ALERT_INTERVAL_MS`, so that repeated attempts cannot flood a mailbox. The queue keeps its sent rows, so
 * it is the record; this reads it without an index, only when an address that has an account signs up again.
 */
async function alertedWithin(q: Queryable, email: string, now: Date): Promise<boolean> {
  const since = new Date(now.getTime() - SIGNUP_ALERT_INTERVAL_MS);
  return !!first(await q
    .select({ id: mailQueue.id })
    .from(mailQueue)
    .where(and(eq(mailQueue.recipient, email), eq(mailQueue.kind, NotificationKind.accountAlerts), gt(mailQueue.createdAt, since))));
}

/** Mail `user` a link proving they read mail at `email` (their address, or the one they want instead). */
export async function mailVerificationLink(ctx: Domain, q: Queryable, user: Pick<UserRow, 'id' | 'email' | 'displayName' | 'language'>, email: string): Promise<void> {
  const token = await issueToken(q, user.id, 'verify', email, ctx.clock());
  const message = email === user.email ? MailMessage.verifyEmail : MailMessage.verifyNewEmail;
  await ctx.mail.send(q, recipientOf(user, email), message, `/verify-email#${token}`);
}

/** Mail a signed-in person who has not verified their address a new link (the previous one stops working). */
export async function resendVerification(ctx: Domain, me: Me): Promise<void> {
  const user = first(await ctx.db.select().from(users).where(eq(users.id, me.id)));
  if (!user || user.emailVerifiedAt) return;
  await ctx.db.transaction(async (tx) => mailVerificationLink(ctx, tx, user, user.email));
}

/**
 * Follow a verification link: the address it was mailed to becomes the account's, verified. For a change of
 * address, an address another account took meanwhile makes the link invalid. Returns the person, to sign in.
 */
export async function verifyEmail(ctx: Domain, token: string): Promise<Account> {
  return ctx.db.transaction(async (tx) => {
    const now = ctx.clock();
    const { userId, email } = await consumeToken(tx, token, 'verify', now);
    try {
      await tx.update(users).set({ email, emailVerifiedAt: now }).where(eq(users.id, userId));
    } catch (err) {
      if (isUniqueViolation(err, 'email')) throw errors.linkInvalid();
      throw err;
    }
    return present(first(await tx.select().from(users).where(eq(users.id, userId)))!);
  });
}

/** Change what a person may change of their account directly (the language of their mail, from the next mail on). */
export async function updateAccount(ctx: Domain, me: Me, patch: AccountPatch): Promise<Account> {
  return present(first(await ctx.db.update(users).set({ language: patch.language }).where(eq(users.id, me.id)).returning())!);
}

/** Check credentials and return the person, or throw `invalid_credentials`; unknown addresses take as long. */
export async function authenticate(db: Db, email: string, password: string): Promise<Account> {
  const user = await userByEmail(db, normaliseEmail(email));
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user || !ok) throw errors.invalidCredentials();
  return present(user);
}

/** Check a signed-in person's password (before a change of address). */
export async function checkPassword(db: Db, me: Me, password: string): Promise<UserRow> {
  const user = first(await db.select().from(users).where(eq(users.id, me.id)));
  if (!user || !(await verifyPassword(password, user.passwordHash))) throw errors.invalidCredentials();
  return user;
}

/** Set the display-name key of accounts made before it was stored (a name clashing with an earlier one keeps none). */
export async function fillDisplayNameKeys(db: Db): Promise<void> {
  for (const user of (await db.select({ id: users.id, displayName: users.displayName }).from(users).where(isNull(users.displayNameKey)))) {
    try {
      await db.update(users).set({ displayNameKey: displayNameKey(user.displayName) }).where(eq(users.id, user.id));
    } catch (err) {
      if (!isUniqueViolation(err, 'display_name_key')) throw err;
    }
  }
}

/** Open a session for a person; returns the secret token to put in the cookie. */
export async function openSession(db: Db, userId: string, userAgent: string | undefined, now = new Date()): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await db.delete(sessions).where(lt(sessions.expiresAt, now));
  await db.insert(sessions)
    .values({ tokenHash: hashSecret(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS), userAgent: userAgent?.slice(0, 300) ?? null });
  return token;
}

/** The person a session token belongs to, if the session is still valid. */
export async function sessionUser(db: Db, token: string | undefined, now = new Date()): Promise<Account|null> {
  if (!token) return null;
  const row = first(await sessionByHash(db, { tokenHash: hashSecret(token) }));
  return row && row.expiresAt > now ? present(row.user) : null;
}

const sessionByHash = prepared('session_by_hash', (db) =>
  db
    .select({ user: users, expiresAt: sessions.expiresAt })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash'))),
);

/** End a session. */
export async function closeSession(db: Db, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(token)));
}

/** A person's open sessions, newest first; `id` is the SHA-256 of the session's secret, which it does not reveal. */
export async function listSessions(ctx: Domain, me: Me, currentToken: string | undefined): Promise<SessionSummary[]> {
  const current = currentToken ? hashSecret(currentToken) : null;
  return (await ctx.db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, me.id), gt(sessions.expiresAt, ctx.clock()))))
    .sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())
    .map((s) => ({ id: s.tokenHash, createdAt: s.createdAt.toISOString(), expiresAt: s.expiresAt.toISOString(), userAgent: s.userAgent, current: s.tokenHash === current }));
}

/** End one of one's own sessions (its sockets are closed by the caller, `SocketSupervisor.closeEndedSessions`). */
export async function revokeSession(ctx: Domain, me: Me, id: string): Promise<void> {
  const removed = first(await ctx.db.delete(sessions).where(and(eq(sessions.userId, me.id), eq(sessions.tokenHash, id))).returning({ id: sessions.tokenHash }));
  if (!removed) throw errors.sessionNotFound();
}
