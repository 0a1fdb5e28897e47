import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as schema from './schema/sqlite.js';
import { scopedHandle, type Db } from './handle.js';

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
 * outside a transaction go to a second, read-only connection, which sees only committed data — as on PostgreSQL; a
 * write made outside a transaction runs in one of its own, in turn. (`:memory:` has one connection for both.)
 */
export function openDatabase(path: string): { db: Db; close: () => Promise<void> } {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  const writer = connect(path, false);
  migrate(drizzle(writer, { schema }), { migrationsFolder });
  const reader = path === ':memory:' ? writer : connect(path, true);
  const db = sqliteHandle(drizzle(reader, { schema }) as unknown as Db, drizzle(writer, { schema }) as unknown as Db, writer);
  return {
    db,
    close: async () => {
      if (reader !== writer) reader.close();
      writer.close();
    },
  };
}

/**
 * The handle over SQLite: transactions run one at a time, in the order asked, on the writer between BEGIN IMMEDIATE
 * and COMMIT (nested ones as savepoints); reads outside a transaction go to `readDb`; a write outside a transaction
 * is a transaction of its own, waiting its turn.
 */
function sqliteHandle(readDb: Db, writeDb: Db, writer: Database.Database): Db {
  let queue: Promise<unknown> = Promise.resolve();
  let savepoints = 0;
  const run = async <T>(work: (tx: Db) => Promise<T>, begin: string, commit: string, rollback: string): Promise<T> => {
    writer.exec(begin);
    try {
      const result = await work(writeDb);
      writer.exec(commit);
      return result;
    } catch (err) {
      if (writer.inTransaction) writer.exec(rollback);
      throw err;
    }
  };
  /** A write builder made outside a transaction: awaiting it runs it in a transaction of its own. */
  const autocommit = <T extends object>(builder: T): T =>
    new Proxy(builder, {
      get(target, property) {
        const value = Reflect.get(target, property, target) as unknown;
        if (typeof value !== 'function') return value;
        if (property === 'then') {
          return (resolve: (v: unknown) => unknown, reject: (e: unknown) => unknown) => handle.transaction(async () => await (target as PromiseLike<unknown>)).then(resolve, reject);
        }
        return (...args: unknown[]) => {
          const next = (value as (...a: unknown[]) => unknown).apply(target, args);
          return next && typeof next === 'object' && 'then' in next ? autocommit(next) : next;
        };
      },
    });
  const handle = scopedHandle({
    outside: readDb,
    begin: (work) => {
      const turn = queue.then(() => run(work, 'BEGIN IMMEDIATE', 'COMMIT', 'ROLLBACK'));
      queue = turn.catch(() => undefined);
      return turn;
    },
    nest: (_tx, work) => {
      const name = `sp${++savepoints}`;
      return run(work, `SAVEPOINT ${name}`, `RELEASE ${name}`, `ROLLBACK TO ${name}; RELEASE ${name}`);
    },
    outsideWrite: (method, args) => autocommit((writeDb[method] as (...a: unknown[]) => object)(...args)),
    lock: null,
  });
  return handle;
}
