import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { AsyncLocalStorage } from 'node:async_hooks';
import { fileURLToPath } from 'node:url';
import * as schema from './schema.js';

/**
 * The drizzle database handle used throughout the server. Every query is awaited (`await db.select()…`, never the
 * SQLite-only `.get()`/`.all()`/`.run()`), so the same code runs over PostgreSQL; `transaction` takes an async
 * function. Writes happen only inside `transaction`.
 */
export type Db = BaseSQLiteDatabase<'async', unknown, typeof schema>;

/** The handle a `transaction` callback receives: a `Db` whose queries run inside that transaction. */
export type Tx = Db;

/** The database or a transaction on it. */
export type Queryable = Db | Tx;

/** The first row of a result, or undefined: what `.get()` gave on SQLite, for any dialect. */
export function first<T>(rows: T[]): T | undefined {
  return rows[0];
}

const migrationsFolder = fileURLToPath(new URL('../../migrations', import.meta.url));

function connect(path: string, readonly: boolean): Database.Database {
  const sqlite = new Database(path, { readonly });
  if (!readonly) sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('busy_timeout = 5000');
  return sqlite;
}

/**
 * Open (creating if needed) the SQLite database at `path` (or `:memory:`), in WAL mode with `synchronous=NORMAL` — a
 * committed transaction survives a crash of this process — and apply migrations.
 *
 * better-sqlite3 is synchronous and its transactions cannot span an `await`, so transactions are run here: one at a
 * time (a queue), on a writer connection, between `BEGIN IMMEDIATE` and `COMMIT` (nested ones as savepoints). Queries
 * outside a transaction go to a second, read-only connection, which sees only committed data — as on PostgreSQL — and
 * refuses any write made outside a transaction. (`:memory:` has one connection for both.)
 */
export function openDatabase(path: string): { db: Db; close: () => void } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const writer = connect(path, false);
  migrate(drizzle(writer, { schema }), { migrationsFolder });
  const reader = path === ':memory:' ? writer : connect(path, true);
  const db = ambient(drizzle(reader, { schema }) as unknown as Db, drizzle(writer, { schema }) as unknown as Db, writer);
  return {
    db,
    close: () => {
      if (reader !== writer) reader.close();
      writer.close();
    },
  };
}

/** The transaction an async context runs in, with what waits for its commit. */
interface Scope {
  open: boolean;
  committed: Array<() => void>;
}

const scopes = new AsyncLocalStorage<Scope>();

/**
 * Run `fn` once the transaction the caller runs in has committed (not at all if it rolls back); at once outside a
 * transaction. For work that must see the transaction's writes from elsewhere (a mail queue reading what was queued).
 */
export function afterCommit(fn: () => void): void {
  const scope = scopes.getStore();
  if (scope?.open) scope.committed.push(fn);
  else fn();
}

const WRITES = new Set<PropertyKey>(['insert', 'update', 'delete']);

/**
 * The database handle: outside a transaction its queries read committed data on `readDb`; `transaction(work)` waits
 * its turn, then runs `work` between BEGIN IMMEDIATE and COMMIT on the writer. While it runs, every query made on this
 * handle from `work`'s own async context goes to the writer, inside the transaction (so a helper handed the plain
 * handle still sees the transaction's writes), and a transaction opened there is nested as a savepoint. A write made
 * outside any transaction is one of its own, in turn (as autocommit would be on PostgreSQL).
 */
function ambient(readDb: Db, writeDb: Db, writer: Database.Database): Db {
  let queue: Promise<unknown> = Promise.resolve();
  let savepoints = 0;

  const run = async <T>(work: (tx: Db) => Promise<T>, begin: string, commit: string, rollback: string): Promise<T> => {
    writer.exec(begin);
    try {
      const result = await work(handle);
      writer.exec(commit);
      return result;
    } catch (err) {
      if (writer.inTransaction) writer.exec(rollback);
      throw err;
    }
  };
  const transaction = <T>(work: (tx: Db) => Promise<T>): Promise<T> => {
    if (scopes.getStore()?.open) {
      const name = `sp${++savepoints}`;
      return run(work, `SAVEPOINT ${name}`, `RELEASE ${name}`, `ROLLBACK TO ${name}; RELEASE ${name}`);
    }
    const turn = queue.then(async () => {
      const scope: Scope = { open: true, committed: [] };
      try {
        // Timers and callbacks scheduled inside inherit `scope`: closing it sends their queries back to `readDb`.
        const result = await scopes.run(scope, () => run(work, 'BEGIN IMMEDIATE', 'COMMIT', 'ROLLBACK'));
        scope.open = false;
        for (const fn of scope.committed) fn();
        return result;
      } finally {
        scope.open = false;
      }
    });
    queue = turn.catch(() => undefined);
    return turn;
  };
  /** A write builder made outside a transaction: awaiting it runs it in a transaction of its own. */
  const autocommit = <T extends object>(builder: T): T =>
    new Proxy(builder, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'then') {
          return (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) => transaction(async () => await (target as PromiseLike<unknown>)).then(resolve, reject);
        }
        return (...args: unknown[]) => {
          const next = (value as (...a: unknown[]) => unknown).apply(target, args);
          return next && typeof next === 'object' && 'then' in next ? autocommit(next) : next;
        };
      },
    });
  // Methods bound once per connection: the handle is on every query's path.
  const methods = new Map<Db, Map<PropertyKey, unknown>>([
    [readDb, new Map()],
    [writeDb, new Map()],
  ]);
  const member = (db: Db, property: PropertyKey, wrap: (fn: (...args: unknown[]) => unknown) => unknown) => {
    const cache = methods.get(db)!;
    let value = cache.get(property);
    if (value === undefined) {
      value = Reflect.get(db, property, db) as unknown;
      if (typeof value === 'function') value = wrap(value as (...args: unknown[]) => unknown);
      cache.set(property, value);
    }
    return value;
  };
  const outsideWrites = new Map<PropertyKey, unknown>();
  const handle = new Proxy(readDb, {
    get(_target, property) {
      if (property === 'transaction') return transaction;
      if (scopes.getStore()?.open) return member(writeDb, property, (fn) => fn.bind(writeDb));
      if (!WRITES.has(property)) return member(readDb, property, (fn) => fn.bind(readDb));
      let write = outsideWrites.get(property);
      if (!write) {
        const fn = Reflect.get(writeDb, property, writeDb) as (...args: unknown[]) => object;
        outsideWrites.set(property, (write = (...args: unknown[]) => autocommit(fn.apply(writeDb, args))));
      }
      return write;
    },
  });
  return handle;
}
