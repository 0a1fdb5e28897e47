import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { and, eq, gt, lt } from 'drizzle-orm';
import type { Db } from '../db/open.js';
import { sessions, users } from '../db/schema.js';
import { errors } from '../errors.js';
import { hashPassword, verifyPassword } from './passwords.js';
import type { Me } from '../../shared/validation/api.js';
import { displayNameKey } from '../../shared/validation/text.js';

/** How long a session lasts without signing in again. */
export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;

/** A hash to compare against when the email is unknown, so timing does not reveal which emails exist. */
const decoyHash = hashPassword(randomUUID());

const hashToken = (token: string) => createHash('sha256').update(token).digest('hex');
const present = (u: typeof users.$inferSelect): Me => ({ id: u.id, email: u.email, displayName: u.displayName });

/** Whether an account already goes by this display name, ignoring case, accents, spacing and invisible characters. */
function displayNameTaken(db: Db, displayName: string): boolean {
  const key = displayNameKey(displayName);
  return db.select({ name: users.displayName }).from(users).all().some((u) => displayNameKey(u.name) === key);
}

/** Create an account; emails are unique regardless of case, display names regardless of case and accents. */
export async function registerUser(db: Db, input: { email: string; password: string; displayName: string }): Promise<Me> {
  const email = input.email.trim().toLowerCase();
  if (db.select({ id: users.id }).from(users).where(eq(users.email, email)).get()) throw errors.emailTaken();
  const passwordHash = await hashPassword(input.password);
  const row = { id: randomUUID(), email, displayName: input.displayName.trim(), passwordHash, createdAt: new Date() };
  // Checked with no await before the insert, so two sign-ups cannot both take the name.
  if (displayNameTaken(db, row.displayName)) throw errors.displayNameTaken();
  try {
    db.insert(users).values(row).run();
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') throw errors.emailTaken();
    throw err;
  }
  return present(row);
}

/** Check credentials and return the person, or throw `invalid_credentials`. */
export async function authenticate(db: Db, email: string, password: string): Promise<Me> {
  const user = db.select().from(users).where(eq(users.email, email.trim().toLowerCase())).get();
  const ok = await verifyPassword(password, user?.passwordHash ?? (await decoyHash));
  if (!user || !ok) throw errors.invalidCredentials();
  return present(user);
}

/** Open a session for a person; returns the secret token to put in the cookie. */
export function openSession(db: Db, userId: string, now = new Date()): string {
  const token = randomBytes(32).toString('base64url');
  db.delete(sessions).where(lt(sessions.expiresAt, now)).run();
  db.insert(sessions)
    .values({ tokenHash: hashToken(token), userId, createdAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) })
    .run();
  return token;
}

/** The person a session token belongs to, if the session is still valid. */
export function sessionUser(db: Db, token: string | undefined, now = new Date()): Me | null {
  if (!token) return null;
  const row = db
    .select({ user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, hashToken(token)), gt(sessions.expiresAt, now)))
    .get();
  return row ? present(row.user) : null;
}

/** End a session. */
export function closeSession(db: Db, token: string): void {
  db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token))).run();
}
