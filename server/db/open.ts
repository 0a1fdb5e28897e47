import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

/** The drizzle database handle used throughout the server. */
export type Db = BetterSQLite3Database<typeof schema>;

/** A transaction opened with `db.transaction`, usable wherever a query runs. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** The database or a transaction on it. */
export type Queryable = Db | Tx;

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

/**
 * Open (creating if needed) the SQLite database at `path` (or `:memory:`), in WAL mode with
 * `synchronous=NORMAL` — a committed transaction survives a crash of this process — and apply migrations.
 */
export function openDatabase(path: string): { db: Db; sqlite: Database.Database } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const sqlite = new Database(path);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  const db = drizzle(sqlite, { schema });
  migrate(db, { migrationsFolder });
  return { db, sqlite };
}
