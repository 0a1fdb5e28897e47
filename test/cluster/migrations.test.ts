// Several instances starting at once on a new PostgreSQL database: each migration is applied exactly once.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { sql } from 'drizzle-orm';
import { openPostgres } from '../../server/db/open-pg.js';
import * as pg from '../../server/db/schema/pg/index.js';
import { freshDatabase } from './services.js';

describe('instances starting together on a new database', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(() => database?.drop());

  it('all open, and the migration table lists each migration once, also after a later start', async () => {
    const instances = await Promise.all([1, 2, 3].map(() => openPostgres(database.url)));
    try {
      expect(instances.map((i) => i.kind)).toEqual(['postgres', 'postgres', 'postgres']);
      const journal = JSON.parse(readFileSync('migrations/pg/meta/_journal.json', 'utf8')) as { entries: { when: number }[] };
      const applied = await instances[0]!.db.execute<{ created_at: string }>(sql`select created_at from drizzle.__drizzle_migrations order by id`);
      expect(applied.rows.map((r) => Number(r.created_at))).toEqual(journal.entries.map((e) => e.when));
      for (const instance of instances) expect(await instance.db.select().from(pg.settings)).toEqual([]);
      // One more, once they are up: nothing left to apply.
      const late = await openPostgres(database.url);
      await late.close();
      const after = await instances[0]!.db.execute(sql`select id from drizzle.__drizzle_migrations`);
      expect(after.rows).toHaveLength(journal.entries.length);
    } finally {
      await Promise.all(instances.map((i) => i.close()));
    }
  });
});
