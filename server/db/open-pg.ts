import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzleNodePg } from 'drizzle-orm/node-postgres';
import { migrate as migrateNodePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/pg/index.js';
import { usePostgresTables } from './schema.js';
import { scopedHandle, type Db } from './handle.js';
import { isStorageError } from './errors.js';

/** What both drivers' raw `execute` results have in common: the rows. */
interface RowsResult<Row> {
  rows: Row[];
}
interface RowsResultHKT extends PgQueryResultHKT {
  type: RowsResult<this['row']>;
}

/** The drizzle handle on PostgreSQL, whichever driver is underneath (node-postgres or PGlite). */
export type PgDb = PgDatabase<RowsResultHKT, typeof schema>;

/** An open PostgreSQL database: the drizzle handle, how to close it, and which engine it is. */
export interface OpenPostgres {
  db: PgDb;
  /** Run `work` in a transaction (as `db.transaction`, minus its leak: see `pooledTransactions`). */
  transaction<T>(work: (tx: PgDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  kind: 'postgres' | 'pglite';
}

const migrationsFolder = fileURLToPath(new URL('../../migrations/pg', import.meta.url));

/** Session-level advisory lock key held while migrating: "amendo" in ASCII, so no other application picks it by chance. */
const MIGRATION_LOCK = 0x616d656e646f;

/** Longest wait for a connection (a new one, or a free one from the pool) before a query fails as a storage error. */
const CONNECT_TIMEOUT_MS = 10_000;

/**
 * Transactions on connections taken from `pool`, each given back however its transaction ends. drizzle's own
 * `transaction` on a pool never gives back a connection whose BEGIN failed (the server going away at that moment):
 * the pool would lose it for good, and its `end()` wait for it forever. One that failed for its connection is closed.
 */
function pooledTransactions(pool: pg.Pool): OpenPostgres['transaction'] {
  const handles = new WeakMap<pg.PoolClient, PgDb>();
  return async (work) => {
    const client = await pool.connect();
    let db = handles.get(client);
    if (!db) handles.set(client, (db = drizzleNodePg({ client, schema }) as unknown as PgDb));
    let broken: Error | undefined;
    try {
      return await db.transaction(work);
    } catch (err) {
      if (isStorageError(err)) broken = err as Error;
      throw err;
    } finally {
      client.release(broken);
    }
  };
}

/**
 * Open the PostgreSQL database `url` names and apply `migrations/pg`: `postgres://…` or `postgresql://…` is a server
 * reached through a node-postgres pool; `pglite://memory` is an in-memory PGlite and `pglite:///abs/dir` a PGlite
 * kept in that folder. On a server the migrations run on one connection holding a session-level advisory lock, so
 * instances starting together apply each migration exactly once: the others wait, then find nothing to do.
 */
export async function openPostgres(url: string): Promise<OpenPostgres> {
  const { protocol, host, pathname } = new URL(url);
  if (protocol === 'pglite:') {
    const client = host === 'memory' ? new PGlite() : new PGlite(decodeURIComponent(pathname));
    const db = drizzlePglite({ client, schema });
    await migratePglite(db, { migrationsFolder });
    return { db, transaction: (work) => db.transaction(work), close: () => client.close(), kind: 'pglite' };
  }
  if (protocol !== 'postgres:' && protocol !== 'postgresql:') throw new Error(`Not a PostgreSQL URL: ${protocol}//…`);
  const pool = new pg.Pool({ connectionString: url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS });
  // A connection the server drops (a restart, `57P01`) is discarded by the pool and the next query opens a new one.
  // Without a listener, its 'error' event would end the process: the pool's for an idle connection, the connection's
  // own for one taken out of the pool (a transaction between two queries), whose next query then fails instead.
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  try {
    const connection = await pool.connect();
    try {
      await connection.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
      try {
        await migrateNodePg(drizzleNodePg({ client: connection, schema }), { migrationsFolder });
      } finally {
        await connection.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]);
      }
    } finally {
      connection.release();
    }
  } catch (err) {
    await pool.end();
    throw err;
  }
  return { db: drizzleNodePg({ client: pool, schema }), transaction: pooledTransactions(pool), close: () => pool.end(), kind: 'postgres' };
}

/**
 * Open PostgreSQL (`openPostgres`) as the server's handle: this process's tables become PostgreSQL's; transactions
 * are the database's own (nested ones as savepoints); `lockFor` takes a transaction-scoped advisory lock.
 */
export async function openPostgresHandle(url: string): Promise<{ db: Db; close: () => Promise<void> }> {
  const { db: pgDb, transaction, close } = await openPostgres(url);
  usePostgresTables();
  const asDb = (db: unknown) => db as Db;
  const db = scopedHandle({
    outside: asDb(pgDb),
    begin: (work) => transaction((tx) => work(asDb(tx))),
    nest: (tx, work) => (tx as unknown as PgDb).transaction((inner) => work(asDb(inner))),
    outsideWrite: null,
    lock: async (tx, key) => {
      await (tx as unknown as PgDb).execute(sql`select pg_advisory_xact_lock(hashtextextended(${key}, 0))`);
    },
  });
  return { db, close };
}
