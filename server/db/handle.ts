import { AsyncLocalStorage } from 'node:async_hooks';
import type { BaseSQLiteDatabase } from 'drizzle-orm/sqlite-core';
import type * as schema from './schema/sqlite.js';

/**
 * The drizzle database handle used throughout the server, on SQLite or PostgreSQL. It is typed as SQLite's (the
 * PostgreSQL tables have the same row types); every query is awaited (`await db.select()…`, `first(rows)` for one
 * row, never SQLite's own `.get()`/`.all()`/`.run()`), and `transaction` takes an async function.
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

/** What a dialect gives the handle: where reads go, how a transaction runs, how a nested one and a lock are taken. */
export interface Engine {
  /** Reads (and, on PostgreSQL, writes) made outside any transaction. */
  outside: Db;
  /** Run `work` in a new top-level transaction; its argument is the drizzle handle inside it. */
  begin<T>(work: (tx: Db) => Promise<T>): Promise<T>;
  /** Run `work` nested in the transaction `tx` (a savepoint). */
  nest<T>(tx: Db, work: (tx: Db) => Promise<T>): Promise<T>;
  /** Make the write builder `db.insert(…)` (`update`, `delete`) outside a transaction, or null for `outside`'s own (autocommit). */
  outsideWrite: ((method: 'insert' | 'update' | 'delete', args: unknown[]) => object) | null;
  /** Take a lock named by `key` until the transaction `tx` ends, or null when transactions never overlap. */
  lock: ((tx: Db, key: string) => Promise<void>) | null;
}

/** The transaction an async context runs in, with what waits for its commit. */
interface Scope {
  open: boolean;
  tx: Db;
  engine: Engine;
  committed: Array<() => void>;
}

const scopes = new AsyncLocalStorage<Scope>();
const engines = new WeakMap<object, Engine>();
const WRITES = new Set<PropertyKey>(['insert', 'update', 'delete']);

/**
 * Run `fn` once the transaction the caller runs in has committed (not at all if it rolls back); at once outside a
 * transaction. For work that must see the transaction's writes from elsewhere (a mail queue reading what was queued).
 */
export function afterCommit(fn: () => void): void {
  const scope = scopes.getStore();
  if (scope?.open) scope.committed.push(fn);
  else fn();
}

/**
 * Inside a transaction of `db`: hold a lock named `key` (a rulebook's id) until it ends, so that commands on the
 * same thing, on this instance or another, run one after the other (PostgreSQL: a transaction-scoped advisory lock).
 * A no-op on SQLite, whose transactions never overlap.
 */
export async function lockFor(db: Db, key: string): Promise<void> {
  const scope = scopes.getStore();
  const engine = engines.get(db);
  if (!scope?.open || !engine?.lock) return;
  await engine.lock(scope.tx, key);
}

/** Whether other instances may write the same database (PostgreSQL): what they wrote must then be read back. */
export function sharedWithOthers(db: Db): boolean {
  return Boolean(engines.get(db)?.lock);
}

/**
 * The database handle over an engine. Outside a transaction, queries go to `engine.outside`. `transaction(work)`
 * runs `work` in a transaction; while it runs, every query made on this handle from `work`'s own async context joins
 * it (so a helper handed the plain handle sees the transaction's writes), and a transaction opened there nests. Timers
 * started inside do not inherit it once it has ended.
 */
export function scopedHandle(engine: Engine): Db {
  const transaction = async <T>(work: (tx: Db) => Promise<T>): Promise<T> => {
    const current = scopes.getStore();
    if (current?.open && current.engine === engine) return engine.nest(current.tx, () => work(handle));
    let scope: Scope | null = null;
    let result: T;
    try {
      result = await engine.begin((tx) => {
        scope = { open: true, tx, engine, committed: [] };
        return scopes.run(scope, () => work(handle));
      });
    } finally {
      // Committed or not, the transaction is over for whatever it left behind (timers, callbacks).
      if (scope) (scope as Scope).open = false;
    }
    for (const fn of (scope as Scope | null)!.committed) fn();
    return result;
  };
  // Methods bound once per drizzle handle: the proxy is on every query's path.
  const bound = new WeakMap<object, Map<PropertyKey, unknown>>();
  const member = (db: Db, property: PropertyKey) => {
    let cache = bound.get(db);
    if (!cache) bound.set(db, (cache = new Map()));
    let value = cache.get(property);
    if (value === undefined) {
      value = Reflect.get(db, property, db) as unknown;
      if (typeof value === 'function') value = (value as (...args: unknown[]) => unknown).bind(db);
      cache.set(property, value);
    }
    return value;
  };
  const handle = new Proxy(engine.outside, {
    get(_target, property) {
      if (property === 'transaction') return transaction;
      const scope = scopes.getStore();
      if (scope?.open && scope.engine === engine) return member(scope.tx, property);
      const write = engine.outsideWrite;
      if (write && WRITES.has(property)) return (...args: unknown[]) => write(property as 'insert' | 'update' | 'delete', args);
      return member(engine.outside, property);
    },
  });
  engines.set(handle, engine);
  return handle;
}

/** A query builder that can be prepared: drizzle's select (and relational) builders. */
interface Preparable {
  prepare(): { execute(values?: Record<string, unknown>): PromiseLike<unknown> | unknown };
}
type PreparedStatement = ReturnType<Preparable['prepare']>;

/**
 * A read query built and prepared once per database, for hot paths: `build` makes it on a handle, with
 * `sql.placeholder('name')` for what varies, and the returned function runs it with those values. Outside a
 * transaction it runs on the connection for reads (PostgreSQL: a named statement, prepared once per pooled
 * connection); inside one it is built again on the transaction, since a prepared statement belongs to the connection
 * it was prepared on. `name` must be unique (it names the statement on PostgreSQL).
 */
export function prepared<Query extends Preparable & PromiseLike<unknown>, Values extends Record<string, unknown> = Record<string, unknown>>(
  name: string,
  build: (db: Db) => Query,
): (db: Db, values: Values) => Promise<Awaited<Query>> {
  type Result = Awaited<Query>;
  const statements = new WeakMap<Engine, PreparedStatement>();
  return async (db: Db, values: Values): Promise<Result> => {
    const engine = engines.get(db);
    const scope = scopes.getStore();
    if (!engine || (scope?.open && scope.engine === engine)) return (await build(db).prepare().execute(values)) as Result;
    let statement = statements.get(engine);
    if (!statement) {
      // PostgreSQL's builders take the statement's name; SQLite's take nothing and ignore it.
      const query = build(engine.outside);
      statement = (query.prepare as (this: Query, name: string) => PreparedStatement).call(query, name);
      statements.set(engine, statement);
    }
    return (await statement.execute(values)) as Result;
  };
}
