import { sql, type SQL } from 'drizzle-orm';
import type { Db } from './handle.js';

/**
 * Whether the database answers `select 1` within `timeoutMs` (for the health check). Never rejects: an error or no
 * answer in time is `false`; a query left waiting (for a connection) ends by itself, failing or not, later.
 */
export async function databaseAnswers(db: Db, timeoutMs: number): Promise<boolean> {
  // PostgreSQL's drizzle (node-postgres, PGlite) runs raw SQL with `execute`, SQLite's with `all`.
  const onPostgres = db as unknown as { execute?: (query: SQL) => Promise<unknown> };
  const answered = Promise.resolve()
    .then(() => (onPostgres.execute ? onPostgres.execute(sql`select 1`) : db.all(sql`select 1`)))
    .then(
      () => true,
      () => false,
    );
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
  try {
    return await Promise.race([answered, late]);
  } finally {
    clearTimeout(timer);
  }
}
