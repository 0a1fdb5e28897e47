import pg from 'pg';
import type { Db } from './handle.js';

/** The jobs running now, per database handle (so servers sharing a process, as in tests, do not skip each other's). */
const running = new WeakMap<Db, Set<string>>();

/**
 * Run the job `name` (a timer's round: notices, digests, settling) unless it is running already, and say whether it
 * ran. Always skipped while the same job still runs on this instance (a round outlasting its interval). On a
 * PostgreSQL server, also skipped while any other instance sharing the database runs it: the job holds a
 * session-level advisory lock on one pooled connection for as long as `fn` runs (not a transaction-scoped one,
 * which would put all of `fn`'s own transactions inside a single long one), and an instance that dies mid-job frees
 * it with its connection. On SQLite and PGlite, which one process alone opens, this instance is the only one.
 * Call it outside any transaction. `fn` must still be safe to run twice in a row: it only keeps two runs apart.
 */
export async function runAlone(db: Db, name: string, fn: () => Promise<unknown>): Promise<boolean> {
  let jobs = running.get(db);
  if (!jobs) running.set(db, (jobs = new Set()));
  if (jobs.has(name)) return false;
  jobs.add(name);
  try {
    const pool = serverPool(db);
    if (!pool) {
      await fn();
      return true;
    }
    return await underSessionLock(pool, `job:${name}`, fn);
  } finally {
    jobs.delete(name);
  }
}

/** The node-postgres pool behind `db` when it is a PostgreSQL server's, which other instances may share; else null (SQLite, PGlite). */
export function serverPool(db: Db): pg.Pool | null {
  const client = (db as unknown as { $client: unknown }).$client;
  return client instanceof pg.Pool ? client : null;
}

/** Session-level advisory locks named by a text (`$1`): take (waiting), try (`locked` says if taken), release. */
export const SessionLock = {
  take: 'select pg_advisory_lock(hashtextextended($1, 0))',
  try: 'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
  release: 'select pg_advisory_unlock(hashtextextended($1, 0))',
} as const;

/** A query on one connection, whose session (and advisory locks) lasts between its calls. */
export type SessionQuery = (text: string, params: unknown[]) => Promise<pg.QueryResult<{ locked?: boolean }>>;

/**
 * Run `fn` with queries on one connection of `pool`, then hand the connection back, or close it if it failed
 * meanwhile (so that its session, and any lock it still holds, ends with it).
 */
export async function onConnection<T>(pool: pg.Pool, fn: (query: SessionQuery) => Promise<T>): Promise<T> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  const fail = (err: Error) => {
    broken = err;
  };
  // Held idle while `fn` does other work: the session may end meanwhile (a restart), which the connection reports here.
  connection.on('error', fail);
  const query: SessionQuery = (text, params) =>
    connection.query<{ locked?: boolean }>(text, params).catch((err: Error) => {
      fail(err);
      throw err;
    });
  try {
    return await fn(query);
  } finally {
    connection.off('error', fail);
    connection.release(broken);
  }
}

/** Run `fn` holding the advisory lock `key` on a connection of `pool`, or return false at once if another session holds it. */
function underSessionLock(pool: pg.Pool, key: string, fn: () => Promise<unknown>): Promise<boolean> {
  return onConnection(pool, async (query) => {
    const { rows } = await query(SessionLock.try, [key]);
    if (!rows[0]?.locked) return false;
    try {
      await fn();
    } finally {
      // If this fails, the connection is closed, and its session's lock with it.
      await query(SessionLock.release, [key]).catch(() => undefined);
    }
    return true;
  });
}
