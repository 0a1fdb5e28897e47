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
    const client = (db as unknown as { $client: unknown }).$client;
    if (!(client instanceof pg.Pool)) {
      await fn();
      return true;
    }
    return await underSessionLock(client, `job:${name}`, fn);
  } finally {
    jobs.delete(name);
  }
}

/** Run `fn` holding the advisory lock `key` on a connection of `pool`, or return false at once if another session holds it. */
async function underSessionLock(pool: pg.Pool, key: string, fn: () => Promise<unknown>): Promise<boolean> {
  const connection = await pool.connect();
  let broken: Error | undefined;
  const fail = (err: Error) => {
    broken = err;
  };
  // Held idle while `fn` runs: the session may end meanwhile (a restart), which the connection reports here.
  connection.on('error', fail);
  const query = (text: string) =>
    connection.query<{ locked: boolean }>(text, [key]).catch((err: Error) => {
      fail(err);
      throw err;
    });
  try {
    const { rows } = await query('select pg_try_advisory_lock(hashtextextended($1, 0)) as locked');
    if (!rows[0]?.locked) return false;
    try {
      await fn();
    } finally {
      // If this fails, the connection is closed below, and its session's lock with it.
      await query('select pg_advisory_unlock(hashtextextended($1, 0))').catch(() => undefined);
    }
    return true;
  } finally {
    connection.off('error', fail);
    // A connection that failed is closed rather than handed to the next query.
    connection.release(broken);
  }
}
