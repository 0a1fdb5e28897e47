// Which instances sharing a database are alive, for work one instance leaves behind when it dies.
//
// Each server (each database handle: tests run several in one process) has an instance id, made at random when it
// starts, and marks what it holds in the database with it (a pending direct edit's `holder`). On a PostgreSQL server,
// the instance holds a session-level advisory lock on `instance:<id>` for its whole life, on one pooled connection
// kept for that: an instance is alive exactly while that lock is held, and its death (kill -9, a lost machine) frees
// the lock with its session. So another instance that gets the lock with `pg_try_advisory_lock` knows the holder is
// dead and may take over what it left. If the connection breaks while the instance lives (the database restarts), the
// lock is taken again on a new connection; until then the instance counts as dead, and what it holds may be taken
// over early (a direct edit then recorded once, by the other instance, with the wording it had). On SQLite and
// PGlite, which one process alone opens, any other holder is a server that stopped.
import { randomUUID } from 'node:crypto';
import type pg from 'pg';
import type { Db } from './handle.js';
import { onConnection, serverPool, SessionLock } from './singleton.js';

const ids = new WeakMap<Db, string>();

/** This instance's id among those sharing its database (one per database handle, made when first asked for). */
export function instanceId(db: Db): string {
  let id = ids.get(db);
  if (!id) ids.set(db, (id = randomUUID()));
  return id;
}

const lockName = (id: string) => `instance:${id}`;

/** Whether other instances may share `db` and so hold work in it while alive: a PostgreSQL server's. */
export function sharedDatabase(db: Db): boolean {
  return serverPool(db) !== null;
}

/** What `holdInstanceLock` tells of its connection: lost (it takes the lock again), then held again. */
export interface InstanceLockReport {
  lost(err: Error): void;
  regained(): void;
}

/**
 * Hold this instance's lock until the returned function is called (at close, once nothing it holds is left
 * pending), taking it again on a new connection every `retryMs` after its connection breaks. Take it before writing
 * anything marked with `instanceId(db)`. Nothing to hold on SQLite and PGlite.
 */
export async function holdInstanceLock(db: Db, report: InstanceLockReport, retryMs = 1000): Promise<() => Promise<void>> {
  const pool = serverPool(db);
  if (!pool) return async () => undefined;
  const name = lockName(instanceId(db));
  let held: pg.PoolClient | null = null;
  let closed = false;
  let retry: NodeJS.Timeout | undefined;

  const take = async () => {
    const connection = await pool.connect();
    try {
      await connection.query(SessionLock.take, [name]);
    } catch (err) {
      connection.release(err as Error);
      throw err;
    }
    // Closed meanwhile: closing the connection ends its session, and the lock with it.
    if (closed) return connection.release(true);
    held = connection;
    const lost = (err: Error) => {
      if (held !== connection) return;
      held = null;
      connection.release(err);
      if (closed) return;
      report.lost(err);
      retake();
    };
    connection.on('error', lost);
    connection.on('end', () => lost(new Error('the connection holding the instance lock ended')));
  };
  const retake = () => {
    retry = setTimeout(() => {
      if (closed) return;
      take().then(() => held && report.regained(), retake);
    }, retryMs);
    retry.unref();
  };

  await take();
  return async () => {
    closed = true;
    clearTimeout(retry);
    const connection = held;
    held = null;
    if (!connection) return;
    const released = await connection.query(SessionLock.release, [name]).then(
      () => true,
      () => false,
    );
    connection.release(!released);
  };
}

/**
 * Run `fn` with those of `holders` that are dead, so that their work may be taken over: never this instance; on
 * SQLite and PGlite every other one; on a PostgreSQL server those whose lock a connection gets (kept until `fn`
 * ends, so that none is judged dead twice at once), and null (work marked before instances had ids).
 */
export async function withDeadHolders<T>(db: Db, holders: Array<string | null>, fn: (dead: Array<string | null>) => Promise<T>): Promise<T> {
  const others = [...new Set(holders)].filter((holder) => holder !== instanceId(db));
  const named = others.filter((holder): holder is string => holder !== null);
  const pool = serverPool(db);
  if (!pool || named.length === 0) return fn(others);
  return onConnection(pool, async (query) => {
    const dead: Array<string | null> = others.filter((holder) => holder === null);
    const locked: string[] = [];
    try {
      for (const holder of named) {
        const { rows } = await query(SessionLock.try, [lockName(holder)]);
        if (rows[0]?.locked) locked.push(holder);
      }
      return await fn([...dead, ...locked]);
    } finally {
      for (const holder of locked) await query(SessionLock.release, [lockName(holder)]).catch(() => undefined);
    }
  });
}
