import { randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/open.js';
import { settings } from '../db/schema.js';

/** A secret stored in the database under `key`, generated on first use so it survives restarts. */
export function storedSecret(db: Db, key: string): string {
  const existing = db.select().from(settings).where(eq(settings.key, key)).get();
  if (existing) return existing.value;
  const value = randomBytes(32).toString('base64url');
  db.insert(settings).values({ key, value }).onConflictDoNothing().run();
  return db.select().from(settings).where(eq(settings.key, key)).get()!.value;
}
