// The PostgreSQL schema is the SQLite one in another dialect: the domain is typed against SQLite's tables and runs
// over PostgreSQL's, so their row types must be identical (checked by the compiler) and so must everything SQL
// names (checked here at run time from each dialect's own table config).
import { describe, expect, it } from 'vitest';
import { is, type Column, type Table } from 'drizzle-orm';
import { getTableConfig as liteConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { getTableConfig as pgConfig, PgTable } from 'drizzle-orm/pg-core';
import * as lite from '../../server/db/schema.js';
import * as pg from '../../server/db/schema/pg/index.js';

/** True when A and B are the same type (each assignable to the other, optional and readonly markers included). */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type TablesOf<M> = { [K in keyof M as M[K] extends Table ? K : never]: M[K] };
type LiteTables = TablesOf<typeof lite>;
type PgTables = TablesOf<typeof pg>;
type SameRows<K extends keyof LiteTables> = K extends keyof PgTables
  ? Equal<LiteTables[K]['$inferSelect'], PgTables[K]['$inferSelect']> extends true
    ? Equal<LiteTables[K]['$inferInsert'], PgTables[K]['$inferInsert']>
    : false
  : false;

/** Both dialects export the same tables: a compile error here names the odd one out. */
const sameTableNames: Equal<keyof LiteTables, keyof PgTables> = true;

/** One line per table: `true` fails to compile for a table whose selected or inserted rows differ. */
const sameRows: { [K in keyof LiteTables]: SameRows<K> } = {
  users: true,
  sessions: true,
  accountTokens: true,
  mailQueue: true,
  mailOptOuts: true,
  rulebooks: true,
  memberships: true,
  invitations: true,
  docUpdates: true,
  docSnapshots: true,
  settings: true,
  pendingDraftEdits: true,
  releases: true,
  comments: true,
  commentReports: true,
  amendments: true,
  amendmentRevisions: true,
  amendmentCosigners: true,
  supports: true,
  auditEvents: true,
  follows: true,
  notifications: true,
  notificationPreferences: true,
  consultationNotices: true,
};

/** What each dialect's column type stands for; the pg side's choices are explained in schema/pg/columns.ts. */
const kinds: Record<string, string> = {
  SQLiteText: 'text',
  SQLiteInteger: 'integer',
  SQLiteTimestamp: 'instant',
  SQLiteBoolean: 'boolean',
  SQLiteBlobBuffer: 'bytes',
  PgText: 'text',
  PgInteger: 'integer',
  PgBigInt53: 'integer',
  PgTimestamp: 'instant',
  PgBoolean: 'boolean',
  'PgCustomColumn:bytea': 'bytes',
};

function describeColumn(c: Column) {
  const type = c.columnType === 'PgCustomColumn' ? `${c.columnType}:${c.getSQLType()}` : c.columnType;
  const generatedKey = 'autoIncrement' in c ? Boolean(c.autoIncrement) : Boolean((c as { generatedIdentity?: unknown }).generatedIdentity);
  return {
    name: c.name,
    kind: kinds[type] ?? `unmapped ${type}`,
    notNull: c.notNull,
    primary: c.primary,
    generatedKey,
    default: c.default,
    unique: c.isUnique ? c.uniqueName : null,
    enumValues: c.enumValues ?? null,
  };
}

const names = (columns: readonly unknown[]) => columns.map((c) => (c as { name: string }).name);

/** Everything SQL-visible about a table, in a form both dialects can be compared on. */
function describeTable(config: ReturnType<typeof liteConfig> | ReturnType<typeof pgConfig>) {
  const byName = <T extends { name: string }>(list: T[]) => [...list].sort((a, b) => a.name.localeCompare(b.name));
  return {
    name: config.name,
    columns: byName(config.columns.map(describeColumn)),
    primaryKeys: config.primaryKeys.map((k) => ({ name: k.getName(), columns: names(k.columns) })),
    indexes: byName(config.indexes.map((i) => ({ name: i.config.name ?? '', unique: Boolean(i.config.unique), columns: names(i.config.columns) }))),
    uniqueConstraints: byName(config.uniqueConstraints.map((u) => ({ name: u.getName() ?? '', columns: names(u.columns) }))),
    foreignKeys: config.foreignKeys
      .map((fk) => {
        const ref = fk.reference();
        const target = ref.foreignTable as Table;
        return { columns: names(ref.columns), table: target === undefined ? '' : pgOrLiteName(target), foreignColumns: names(ref.foreignColumns), onDelete: fk.onDelete ?? 'no action', onUpdate: fk.onUpdate ?? 'no action' };
      })
      .sort((a, b) => a.columns.join().localeCompare(b.columns.join())),
  };
}

function pgOrLiteName(table: Table): string {
  return is(table, PgTable) ? pgConfig(table).name : liteConfig(table as SQLiteTable).name;
}

const liteTables = Object.entries(lite).filter(([, v]) => is(v, SQLiteTable)) as [string, SQLiteTable][];
const pgTables = Object.entries(pg).filter(([, v]) => is(v, PgTable)) as [string, PgTable][];

describe('the PostgreSQL schema is the SQLite schema in another dialect', () => {
  it('exports the same tables under the same names', () => {
    expect(sameTableNames).toBe(true);
    expect(pgTables.map(([name]) => name).sort()).toEqual(liteTables.map(([name]) => name).sort());
    // The compile-time row checks cover every table, and no table is left without one.
    expect(Object.keys(sameRows).sort()).toEqual(liteTables.map(([name]) => name).sort());
    expect(Object.values(sameRows).every((v) => v)).toBe(true);
  });

  it.each(liteTables.map(([name]) => name))('%s: same SQL names, types, nullability, defaults, keys, indexes and references', (name) => {
    const pgTable = (pg as Record<string, unknown>)[name] as PgTable;
    const liteTable = (lite as Record<string, unknown>)[name] as SQLiteTable;
    expect(describeTable(pgConfig(pgTable))).toEqual(describeTable(liteConfig(liteTable)));
  });

  it('maps every column type it meets', () => {
    const all = [...liteTables.flatMap(([, t]) => liteConfig(t).columns), ...pgTables.flatMap(([, t]) => pgConfig(t).columns)];
    expect(all.map(describeColumn).filter((c) => c.kind.startsWith('unmapped'))).toEqual([]);
  });
});
