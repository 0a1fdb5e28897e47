// The PostgreSQL dialect on PGlite (WASM PostgreSQL, nothing to install): its migrations apply, and every table gives
// back what was written with the types the domain expects of SQLite: Date, boolean, Buffer, number, enum strings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { getTableConfig, type PgTable } from 'drizzle-orm/pg-core';
import { openPostgres, type OpenPostgres } from '../../server/db/open-pg.js';
import * as pg from '../../server/db/schema/pg/index.js';

type Schema = typeof pg;
type TableName = { [K in keyof Schema]: Schema[K] extends PgTable ? K : never }[keyof Schema];

const at = (i: number) => new Date(Date.UTC(2026, 2, 1, 10, 20, 30, 456) + i * 60_000);
const bytes = Buffer.from([0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff]);

/** One full row per table (every column set, nothing left to a default), in an order the foreign keys accept. */
const rows: { [K in TableName]: Schema[K]['$inferInsert'] } = {
  users: { id: 'u1', email: 'camille@example.test', displayName: 'Camille', displayNameKey: 'camille', passwordHash: 'h', emailVerifiedAt: at(1), language: 'en', createdAt: at(0) },
  sessions: { tokenHash: 's1', userId: 'u1', createdAt: at(0), expiresAt: at(9), userAgent: 'Firefox' },
  accountTokens: { tokenHash: 't1', userId: 'u1', purpose: 'reset', email: 'camille@example.test', createdAt: at(0), expiresAt: at(2), usedAt: at(1) },
  mailQueue: { id: 7, messageId: '<m@x>', recipient: 'camille@example.test', kind: 'reset', subject: 'S', text: 'T', html: '<p>T</p>', headers: '{}', attempts: 2, nextAttemptAt: at(3), lastError: 'busy', createdAt: at(0), sentAt: at(4), failedAt: at(5) },
  mailOptOuts: { userId: 'u1', kind: 'digest', createdAt: at(0) },
  rulebooks: { id: 'rb', slug: 'rules', title: 'Rules', language: 'fr', createdBy: 'u1', createdAt: at(0), opensAt: at(1), closesAt: at(2), autoHideAfter: 3, participation: 'domains', allowedDomains: '["example.test"]', cosignThreshold: 5, hideSupportsUntilClose: true },
  memberships: { rulebookId: 'rb', userId: 'u1', role: 'organiser', createdAt: at(0) },
  invitations: { id: 'i1', rulebookId: 'rb', email: 'dominique@example.test', role: 'member', tokenHash: 'it', invitedBy: 'u1', createdAt: at(0), expiresAt: at(9), acceptedAt: at(1), acceptedBy: 'u1', revokedAt: at(2) },
  docUpdates: { seq: 41, rulebookId: 'rb', data: bytes, createdAt: at(0) },
  docSnapshots: { rulebookId: 'rb', data: bytes, throughSeq: 2 ** 40, updatedAt: at(0) },
  settings: { key: 'secret', value: 'v' },
  pendingDraftEdits: { id: 'p1', rulebookId: 'rb', userId: 'u1', actorName: 'Camille', articleId: 'a1', articleNumber: 4, before: '{}', startedAt: at(0), holder: 'i1' },
  releases: { id: 'r1', rulebookId: 'rb', version: '1.0', major: 1, minor: 0, notes: 'n', content: '{}', sha256: 'abc', state: bytes, changelog: '[]', publishedBy: 'u1', publishedAt: at(0), officialAt: at(1) },
  comments: { id: 'c1', rulebookId: 'rb', articleId: 'a1', parentId: null, authorId: 'u1', articleNumber: 4, body: 'B', quote: 'q', anchorStart: '{}', anchorEnd: '{}', createdAt: at(0), editedAt: at(1), deletedAt: null, hiddenAt: at(2), hiddenBy: 'u1', hiddenReason: 'off topic', amendmentId: null },
  commentReports: { commentId: 'c1', userId: 'u1', reason: 'spam', createdAt: at(0), resolvedAt: at(1) },
  amendments: { id: 'am1', rulebookId: 'rb', number: 1, kind: 'insert', articleId: 'a9', afterArticleId: 'a1', articleNumber: 4, decidedArticleNumber: 5, title: 'T', text: 'X', rationale: 'R', baseTitle: null, baseText: null, content: '[{"type":"paragraph"}]', baseContent: null, authorId: 'u1', status: 'accepted', decisionReason: 'ok', decidedBy: 'u1', decidedAt: at(3), appliedTitle: 'T', appliedText: 'X', merged: true, createdAt: at(0), updatedAt: at(3) },
  amendmentRevisions: { amendmentId: 'am1', revision: 1, title: 'T0', text: 'X0', content: null, rationale: 'R0', createdAt: at(0) },
  amendmentCosigners: { amendmentId: 'am1', userId: 'u1', createdAt: at(0), recordedAt: at(1) },
  supports: { amendmentId: 'am1', userId: 'u1', createdAt: at(0), recordedAt: null },
  auditEvents: { seq: 3, rulebookId: 'rb', number: 1, formula: 2, actorId: 'u1', actorName: 'Camille', type: 'rulebook.created', payload: '{}', createdAt: at(0), prevHash: '', hash: 'h1', insertedItems: '[[1,0,4]]' },
  follows: { userId: 'u1', rulebookId: 'rb', target: 'amendment', targetId: 'am1', createdAt: at(0) },
  notifications: { id: 9, userId: 'u1', rulebookId: 'rb', kind: 'decision', eventKey: 'e1', payload: '{}', path: '/r/rules', createdAt: at(0), readAt: at(1), digestPending: true, mailedAt: at(2) },
  notificationPreferences: { userId: 'u1', kind: 'decision', delivery: 'digest' },
  consultationNotices: { rulebookId: 'rb', notice: 'closing', at: at(2), sentAt: at(1) },
};

const tableNames = Object.keys(rows) as TableName[];
const table = (name: TableName) => pg[name] as PgTable;

/** The JavaScript type SQLite's columns give the domain, by pg column type (as schema/pg/columns.ts maps them). */
function expectedClass(columnType: string): string {
  return ({ PgTimestamp: 'Date', PgBoolean: 'boolean', PgCustomColumn: 'Buffer', PgInteger: 'number', PgBigInt53: 'number', PgText: 'string' } as Record<string, string>)[columnType] ?? columnType;
}
const classOf = (v: unknown) => (v instanceof Date ? 'Date' : Buffer.isBuffer(v) ? 'Buffer' : typeof v);

describe('PostgreSQL through PGlite', () => {
  let open: OpenPostgres;
  beforeAll(async () => {
    open = await openPostgres('pglite://memory');
  });
  afterAll(() => open?.close());

  it('applies every migration in migrations/pg once', async () => {
    expect(open.kind).toBe('pglite');
    const journal = JSON.parse(readFileSync('migrations/pg/meta/_journal.json', 'utf8')) as { entries: unknown[] };
    const applied = await open.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
    expect(applied.rows[0]?.n).toBe(journal.entries.length);
  });

  it('has a row fixture for every table of the schema', () => {
    const schemaTables = Object.entries(pg).filter(([, v]) => typeof v === 'object' && v !== null && Symbol.for('drizzle:IsDrizzleTable') in v);
    expect(tableNames.sort()).toEqual(schemaTables.map(([name]) => name).sort());
  });

  it.each(Object.keys(rows) as TableName[])('%s: a row comes back as written, with the domain’s JavaScript types', async (name) => {
    // The rows before it in `rows` are inserted by the earlier cases (the foreign keys need them).
    await open.db.insert(table(name)).values(rows[name]);
    const [back] = (await open.db.select().from(table(name))) as Record<string, unknown>[];
    expect(back).toEqual(rows[name]);
    for (const column of getTableConfig(table(name)).columns) {
      const key = Object.keys(table(name)).find((k) => (table(name) as unknown as Record<string, unknown>)[k] === column)!;
      if (back![key] !== null) expect(`${name}.${key}: ${classOf(back![key])}`).toBe(`${name}.${key}: ${expectedClass(column.columnType)}`);
    }
  });

  it('fills defaults and identity keys as SQLite does', async () => {
    const [user] = await open.db.insert(pg.users).values({ id: 'u2', email: 'dominique@example.test', displayName: 'Dominique', passwordHash: 'h', createdAt: at(0) }).returning();
    expect(user).toMatchObject({ language: 'fr', emailVerifiedAt: null, displayNameKey: null });
    const [rulebook] = await open.db.insert(pg.rulebooks).values({ id: 'rb2', slug: 'other', title: 'Other', language: 'en', createdBy: 'u2', createdAt: at(0) }).returning();
    expect(rulebook).toMatchObject({ participation: 'verified', allowedDomains: '[]', hideSupportsUntilClose: false, opensAt: null });
    const [first, second] = await open.db.insert(pg.docUpdates).values([{ rulebookId: 'rb2', data: bytes, createdAt: at(0) }, { rulebookId: 'rb2', data: Buffer.alloc(0), createdAt: at(1) }]).returning();
    expect(typeof first!.seq).toBe('number');
    expect(second!.seq).toBe(first!.seq + 1);
    expect(Buffer.isBuffer(second!.data) && second!.data.length).toBe(0);
  });
});

describe('PGlite kept in a folder', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amendo-pglite-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps its rows and does not migrate twice when opened again', async () => {
    const first = await openPostgres(`pglite://${dir}`);
    await first.db.insert(pg.settings).values({ key: 'secret', value: 'kept' });
    await first.close();
    const again = await openPostgres(`pglite://${dir}`);
    try {
      expect(await again.db.select().from(pg.settings)).toEqual([{ key: 'secret', value: 'kept' }]);
      const applied = await again.db.execute<{ n: number }>(sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
      const journal = JSON.parse(readFileSync('migrations/pg/meta/_journal.json', 'utf8')) as { entries: unknown[] };
      expect(applied.rows[0]?.n).toBe(journal.entries.length);
    } finally {
      await again.close();
    }
  });
});
