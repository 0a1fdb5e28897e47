import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { first, type Db } from '../db/handle.js';
import { settings } from '../db/schema.js';

/** A secret stored in the database under `key`, generated on first use so it survives restarts. */
export async function storedSecret(db: Db, key: string): Promise<string> {
  const existing = first(await db.select().from(settings).where(eq(settings.key, key)));
  if (existing) return existing.value;
  const value = randomBytes(32).toString('base64url');
  await db.insert(settings).values({ key, value }).onConflictDoNothing();
  return first(await db.select().from(settings).where(eq(settings.key, key)))!.value;
}
