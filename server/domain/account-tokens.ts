import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, isNull } from 'drizzle-orm';
import { first, type Queryable } from '../db/handle.js';
import { accountTokens } from '../db/schema.js';
import { errors } from '../errors.js';

/** What a mailed link lets its holder do. */
export type TokenPurpose = 'verify' | 'reset';

/** How long each kind of link works. */
export const TOKEN_TTL_MS: Record<TokenPurpose, number> = { verify: 48 * 3600_000, reset: 3600_000 };

/** SHA-256 of a secret, as stored (a stolen database gives no usable link or session). */
export const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('hex');

/**
 * Issue a single-use link secret for `userId` about `email`, replacing the person's earlier unused ones of the
 * same purpose (so only the latest link mailed works).
 */
export async function issueToken(q: Queryable, userId: string, purpose: TokenPurpose, email: string, now: Date): Promise<string> {
  const token = randomBytes(32).toString('base64url');
  await q.delete(accountTokens).where(and(eq(accountTokens.userId, userId), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt)));
  await q.insert(accountTokens)
    .values({ tokenHash: hashSecret(token), userId, purpose, email, createdAt: now, expiresAt: new Date(now.getTime() + TOKEN_TTL_MS[purpose]) });
  return token;
}

/** Use a link secret once: returns whom and which address it is about, or throws `link_invalid` (unknown, expired or used). */
export async function consumeToken(q: Queryable, token: string, purpose: TokenPurpose, now: Date): Promise<{ userId: string; email: string; }> {
  const tokenHash = hashSecret(token);
  const used = first(await q
    .update(accountTokens)
    .set({ usedAt: now })
    .where(and(eq(accountTokens.tokenHash, tokenHash), eq(accountTokens.purpose, purpose), isNull(accountTokens.usedAt), gt(accountTokens.expiresAt, now)))
    .returning({ userId: accountTokens.userId, email: accountTokens.email }));
  if (!used) throw errors.linkInvalid();
  return used;
}
