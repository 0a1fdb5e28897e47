// Moving an instance from its SQLite file to PostgreSQL (scripts/migrate-to-pg.ts): every table of the schema is copied
// in one transaction, then checked (row counts, and every rulebook's audit chain verified on PostgreSQL by the domain).
import Database from 'better-sqlite3';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { count, desc, eq, getTableColumns, is, sql } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { existsSync, readFileSync } from 'node:fs';
import * as lite from './schema/sqlite.js';
import * as pgSchema from './schema/pg/index.js';
import { usePostgresTables } from './schema.js';
import { openPostgres, type PgDb } from './open-pg.js';
import type { Db } from './handle.js';
import { GENESIS_HASH, verifyAudit } from '../domain/audit.js';

/** Why a copy was refused or failed its checks; `code` is stable, the message says what to do. */
export class CopyFailed extends Error {
  constructor(
    readonly code: 'source_unreadable' | 'source_schema' | 'target_not_empty' | 'row_rejected' | 'count_mismatch' | 'audit_chain_broken',
    message: string,
  ) {
    super(message);
    this.name = 'CopyFailed';
  }
}

/** What was copied: rows per table (in the order copied) and each rulebook's verified audit chain. */
export interface CopyReport {
  tables: Array<{ table: string; rows: number; ms: number }>;
  chains: Array<{ slug: string; entries: number; head: string }>;
  ms: number;
}

/** One table of the schema in both dialects. */
interface TablePair {
  sqlName: string;
  lite: SQLiteTable;
  pg: PgTable;
}

/** The SQLite migrations of this version, which the source must have applied, all and no more. */
const sqliteJournal = JSON.parse(readFileSync(new URL('../../migrations/meta/_journal.json', import.meta.url), 'utf8')) as { entries: Array<{ when: number }> };

/**
 * Every table of the schema, parents before the tables whose foreign keys point at them (so each row's references
 * exist when it is inserted; a table's references to itself are left to the order its rows were written in).
 */
function tablesInDependencyOrder(): TablePair[] {
  const pgTables = Object.entries(pgSchema as Record<string, unknown>).filter((e): e is [string, PgTable] => is(e[1], PgTable));
  const liteTables = Object.entries(lite as Record<string, unknown>).filter((e): e is [string, SQLiteTable] => is(e[1], SQLiteTable));
  const unpaired = [...pgTables, ...liteTables].map(([name]) => name).filter((name) => !pgTables.some(([n]) => n === name) || !liteTables.some(([n]) => n === name));
  if (unpaired.length > 0) throw new Error(`tables in one dialect's schema only: ${unpaired.join(', ')} (see test/db/schema-parity.test.ts)`);
  const pairs = new Map<PgTable, TablePair>(
    pgTables.map(([name, table]) => [table, { sqlName: getTableConfig(table).name, lite: liteTables.find(([n]) => n === name)![1], pg: table }]),
  );
  const ordered: TablePair[] = [];
  const visiting = new Set<PgTable>();
  const visit = (table: PgTable) => {
    if (ordered.some((p) => p.pg === table) || visiting.has(table)) return;
    visiting.add(table);
    for (const fk of getTableConfig(table).foreignKeys) {
      const parent = fk.reference().foreignTable;
      if (parent !== table) visit(parent);
    }
    ordered.push(pairs.get(table)!);
  };
  for (const table of pairs.keys()) visit(table);
  return ordered;
}

/** Run one SQL text and give its rows: the same probe over node-postgres, PGlite or a drizzle transaction. */
type RunSql = (text: string) => Promise<Array<Record<string, unknown>>>;

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** The tables (schema-qualified) that hold at least one row, outside PostgreSQL's own schemas and drizzle's journal. */
async function tablesHoldingRows(run: RunSql): Promise<string[]> {
  const tables = await run(
    `select n.nspname as schema, c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
     where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema', 'drizzle') and n.nspname not like 'pg\\_%'
     order by 1, 2`,
  );
  const holding: string[] = [];
  for (const { schema, name } of tables as Array<{ schema: string; name: string }>) {
    const [row] = await run(`select exists (select 1 from ${quoteIdent(schema)}.${quoteIdent(name)}) as found`);
    if (row?.found) holding.push(schema === 'public' ? name : `${schema}.${name}`);
  }
  return holding;
}

/** The URL with its password hidden, for messages. */
export function redactUrl(url: string): string {
  return url.replace(/\/\/([^:/@]*):[^@/]*@/, '//$1:***@');
}

/** Refuse a target that holds any data, before anything is written to it (not even the migrations). */
async function refuseNonEmptyTarget(url: string): Promise<void> {
  const { protocol, host, pathname } = new URL(url);
  let holding: string[];
  if (protocol === 'pglite:') {
    const folder = decodeURIComponent(pathname);
    // A new in-memory PGlite, or one in a folder not made yet, holds nothing.
    if (host === 'memory' || !existsSync(folder)) return;
    const client = new PGlite(folder);
    try {
      holding = await tablesHoldingRows(async (text) => (await client.query<Record<string, unknown>>(text)).rows);
    } finally {
      await client.close();
    }
  } else {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      holding = await tablesHoldingRows(async (text) => (await client.query<Record<string, unknown>>(text)).rows);
    } finally {
      await client.end();
    }
  }
  if (holding.length > 0) throw targetNotEmpty(url, holding);
}

const targetNotEmpty = (url: string, holding: string[]) =>
  new CopyFailed(
    'target_not_empty',
    `${redactUrl(url)} already holds data (in ${holding.join(', ')}); nothing was written. Copy into a new, empty database ` +
      '(createdb), and do not start Amendo on it before the copy: an instance writes its settings, and the demo unless SEED_DEMO=false.',
  );

/** Open the SQLite file read-only, checking it is an Amendo database at this version's last migration. */
function openSource(path: string): Database.Database {
  let source: Database.Database;
  try {
    source = new Database(path, { readonly: true, fileMustExist: true });
  } catch (err) {
    throw new CopyFailed('source_unreadable', `cannot open ${path} read-only: ${(err as Error).message}`);
  }
  const journal = sqliteJournal.entries;
  let applied: { n: number; last: number | null };
  try {
    applied = source.prepare('select count(*) as n, max(created_at) as last from __drizzle_migrations').get() as typeof applied;
  } catch {
    source.close();
    throw new CopyFailed('source_schema', `${path} is not an Amendo database (it has no migration journal)`);
  }
  if (Number(applied.last) !== journal.at(-1)!.when) {
    source.close();
    throw new CopyFailed(
      'source_schema',
      `${path} has ${applied.n} of this version's ${journal.length} SQLite migrations: start this version of Amendo on it once ` +
        '(it migrates at start), stop it, and run the copy again',
    );
  }
  return source;
}

/** The SQLite file through drizzle, with the SQLite schema's tables. */
type SourceDb = ReturnType<typeof drizzle>;

/** Most rows read and inserted at once, and roughly the most bytes (a release holds a whole draft twice). */
const BATCH_ROWS = 500;
const BATCH_BYTES = 16 * 1024 * 1024;
/** PostgreSQL takes at most 65535 parameters in one statement. */
const MAX_PARAMETERS = 65_000;

const sizeOf = (row: Record<string, unknown>) =>
  Object.values(row).reduce<number>((sum, v) => sum + (typeof v === 'string' ? v.length : Buffer.isBuffer(v) ? v.byteLength : 8), 0);

/**
 * Copy one table's rows from SQLite to PostgreSQL inside `tx`, in batches, in the order they were written (rowid).
 * Rows are read through the SQLite table and written through the PostgreSQL one, so each value is converted as the two
 * dialects declare it: instants (milliseconds) to `timestamptz`, 0/1 to booleans, blobs to `bytea`, JSON text as is.
 */
async function copyTable(source: SourceDb, tx: PgDb, pair: TablePair, batchRows: number): Promise<number> {
  const columns = getTableColumns(pair.lite);
  const maxRows = Math.min(batchRows, Math.floor(MAX_PARAMETERS / Object.keys(columns).length));
  let limit = Math.min(maxRows, 50); // small until the rows' size is known
  let after: number | null = null;
  let copied = 0;
  for (;;) {
    const page = (await source
      .select({ ...columns, rowid: sql<number>`rowid` })
      .from(pair.lite)
      .where(after === null ? undefined : sql`rowid > ${after}`)
      .orderBy(sql`rowid`)
      .limit(limit)) as Array<Record<string, unknown> & { rowid: number }>;
    if (page.length === 0) return copied;
    after = page.at(-1)!.rowid;
    const rows = page.map(({ rowid: _rowid, ...row }) => row);
    try {
      await tx.insert(pair.pg).values(rows);
    } catch (err) {
      // The driver's own message, not drizzle's (which quotes the whole batch).
      const cause = ((err as { cause?: Error }).cause ?? err) as Error & { detail?: string };
      throw new CopyFailed('row_rejected', `PostgreSQL refused a row of ${pair.sqlName} (among SQLite rowids up to ${after}): ${cause.message}${cause.detail ? ` (${cause.detail})` : ''}`);
    }
    copied += rows.length;
    // Size the next page by this one's rows, so a table of large rows is not read whole into memory.
    const bytes = rows.reduce((sum, row) => sum + sizeOf(row), 0) / rows.length;
    limit = Math.max(1, Math.min(maxRows, Math.floor(BATCH_BYTES / Math.max(bytes, 1))));
  }
}

/**
 * Set each identity column's next value past every key SQLite ever gave: its AUTOINCREMENT counter, not just the
 * largest key left, since compaction deletes a draft's logged updates while its snapshot still counts up to them.
 */
async function resetIdentities(source: Database.Database, tx: PgDb, pair: TablePair): Promise<void> {
  for (const column of getTableConfig(pair.pg).columns) {
    if (!(column as { generatedIdentity?: unknown }).generatedIdentity) continue;
    const counter = source.prepare('select seq from sqlite_sequence where name = ?').get(pair.sqlName) as { seq: number } | undefined;
    const largest = source.prepare(`select max(${quoteIdent(column.name)}) as m from ${quoteIdent(pair.sqlName)}`).get() as { m: number | null };
    const next = Math.max(counter?.seq ?? 0, largest.m ?? 0) + 1;
    await tx.execute(sql`select setval(pg_get_serial_sequence(${pair.sqlName}, ${column.name}), ${next}, false)`);
  }
}

/** Every rulebook's audit chain, verified on the target by the domain, must end where it ends in SQLite. */
async function verifyChains(source: SourceDb, tx: PgDb): Promise<CopyReport['chains']> {
  const chains: CopyReport['chains'] = [];
  for (const { id, slug } of await tx.select({ id: pgSchema.rulebooks.id, slug: pgSchema.rulebooks.slug }).from(pgSchema.rulebooks).orderBy(pgSchema.rulebooks.slug)) {
    const result = await verifyAudit({ db: tx as unknown as Db }, id);
    if (!result.ok) throw new CopyFailed('audit_chain_broken', `the audit chain of rulebook ${slug} does not verify on PostgreSQL: broken at entry ${result.brokenAt}`);
    const inSqlite = lite.auditEvents;
    const [last] = await source.select({ hash: inSqlite.hash }).from(inSqlite).where(eq(inSqlite.rulebookId, id)).orderBy(desc(inSqlite.number)).limit(1);
    const [entries] = await source.select({ n: count() }).from(inSqlite).where(eq(inSqlite.rulebookId, id));
    const want = { n: entries?.n ?? 0, head: last?.hash ?? GENESIS_HASH };
    if (result.entries !== want.n || result.head !== want.head) {
      throw new CopyFailed('audit_chain_broken', `the audit chain of rulebook ${slug} has ${result.entries} entries ending ${result.head} on PostgreSQL, ${want.n} ending ${want.head} in SQLite`);
    }
    chains.push({ slug, entries: result.entries, head: result.head });
  }
  return chains;
}

/**
 * Copy the SQLite database at `from` (opened read-only, never changed) into the empty PostgreSQL database `to`
 * (`postgres://…`, or `pglite://…` as `openPostgres` takes): refuse a target holding any data, apply the pg
 * migrations, copy every table of the schema in one transaction, move identity sequences past the copied keys, then
 * check, before committing, that each table has as many rows as in SQLite and that every rulebook's audit chain
 * verifies. Any failure rolls everything back and throws (a `CopyFailed` for a refusal or a failed check).
 *
 * The check uses the domain's `verifyAudit`, so this process's tables become PostgreSQL's (`usePostgresTables`).
 */
export async function copyToPostgres(options: { from: string; to: string; batchRows?: number; onTable?: (done: CopyReport['tables'][number]) => void }): Promise<CopyReport> {
  const started = performance.now();
  const source = openSource(options.from);
  try {
    await refuseNonEmptyTarget(options.to);
    usePostgresTables();
    const target = await openPostgres(options.to);
    try {
      const liteDb = drizzle(source);
      const pairs = tablesInDependencyOrder();
      // One read transaction on SQLite: every table is read from the same state.
      source.exec('begin');
      const report = await target.db.transaction(async (tx) => {
        // Checked again inside the transaction: someone may have written to the target since the first look.
        const holding = await tablesHoldingRows(async (text) => (await tx.execute<Record<string, unknown>>(sql.raw(text))).rows);
        if (holding.length > 0) throw targetNotEmpty(options.to, holding);
        const tables: CopyReport['tables'] = [];
        for (const pair of pairs) {
          const tableStarted = performance.now();
          const rows = await copyTable(liteDb, tx, pair, options.batchRows ?? BATCH_ROWS);
          await resetIdentities(source, tx, pair);
          const [expected] = await liteDb.select({ n: count() }).from(pair.lite);
          const [copied] = await tx.select({ n: count() }).from(pair.pg);
          if (rows !== expected?.n || copied?.n !== expected.n) {
            throw new CopyFailed('count_mismatch', `${pair.sqlName}: ${expected?.n} rows in SQLite, ${copied?.n} on PostgreSQL after the copy`);
          }
          const done = { table: pair.sqlName, rows, ms: Math.round(performance.now() - tableStarted) };
          tables.push(done);
          options.onTable?.(done);
        }
        return { tables, chains: await verifyChains(liteDb, tx) };
      });
      return { ...report, ms: Math.round(performance.now() - started) };
    } finally {
      if (source.inTransaction) source.exec('rollback');
      await target.close();
    }
  } finally {
    source.close();
  }
}
