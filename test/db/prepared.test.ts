// Queries prepared once (server/db/handle.ts `prepared`): outside a transaction they run the statement prepared on the
// connection for reads; inside one they see its own uncommitted writes, on SQLite and on PostgreSQL (PGlite).
import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { openDatabase } from '../../server/db/open.js';
import { openPostgresHandle } from '../../server/db/open-pg.js';
import { prepared, type Db } from '../../server/db/handle.js';
import { settings } from '../../server/db/schema.js';

const dir = mkdtempSync(join(tmpdir(), 'amendo-prepared-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const setting = prepared('test_setting_by_key', (db) => db.select({ value: settings.value }).from(settings).where(eq(settings.key, sql.placeholder('key'))));
const valueOf = async (db: Db, key: string) => (await setting(db, { key }))[0]?.value ?? null;

async function behaves(db: Db): Promise<void> {
  await db.insert(settings).values({ key: 'a', value: '1' });
  expect(await valueOf(db, 'a')).toBe('1');
  await db.update(settings).set({ value: '2' }).where(eq(settings.key, 'a'));
  expect(await valueOf(db, 'a')).toBe('2'); // the same statement, run again, reads what is there now

  const rolledBack = db.transaction(async () => {
    await db.insert(settings).values({ key: 'b', value: 'uncommitted' });
    // Inside the transaction the query sees its writes (it is not run on the connection for reads).
    expect(await valueOf(db, 'b')).toBe('uncommitted');
    throw new Error('roll back');
  });
  await expect(rolledBack).rejects.toThrow('roll back');
  expect(await valueOf(db, 'b')).toBeNull();
}

describe('prepared queries', () => {
  // The pglite project of vitest.config.ts runs this file again over PostgreSQL.
  const url = process.env.AMENDO_TEST_DATABASE_URL;
  it(`run the statement prepared once, and see a transaction's own writes inside it (${url ? 'PostgreSQL' : 'SQLite'})`, async () => {
    const { db, close } = url ? await openPostgresHandle(url) : openDatabase(join(dir, 'prepared.db'));
    try {
      await behaves(db);
    } finally {
      await close();
    }
  });
});
