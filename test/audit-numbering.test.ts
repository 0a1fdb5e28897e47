import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import canonicalize from 'canonicalize';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient } from './helpers/client.js';
import { organiserWithRulebook, openConsultation } from './helpers/fixtures.js';
import { recordAudit } from '../server/domain/audit.js';

const entriesOf = async (server: TestServer, slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?limit=200`)).body.entries as any[];
const verify = async (server: TestServer, slug: string) => (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit/verify`)).body;

describe('entry numbers', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it('count each rulebook’s entries 1, 2, 3… without gaps, and verify counts what the page lists', async () => {
    const a = await organiserWithRulebook(server, 2);
    const b = await organiserWithRulebook(server, 2);
    // Interleaved: every change to one rulebook happens between two changes to the other.
    for (let i = 0; i < 3; i++) {
      await openConsultation(a.organiser, a.slug);
      await openConsultation(b.organiser, b.slug);
    }
    for (const { slug } of [a, b]) {
      const entries = await entriesOf(server, slug);
      expect(entries.map((e) => e.number)).toEqual([1, 2, 3, 4, 5]);
      expect(entries.every((e) => e.formula === 2)).toBe(true);
      expect(await verify(server, slug)).toEqual({ ok: true, entries: 5, head: entries[4].hash, brokenAt: null });
      const page = (await new ApiClient(server.url).get(`/api/rulebooks/${slug}/audit?after=2&limit=2`)).body;
      expect([page.entries.map((e: any) => e.number), page.next]).toEqual([[3, 4], 4]);
    }
  });
});

/** The audit hash as the code before per-rulebook numbers computed it (over the global `seq`). */
function oldHash(entry: { prevHash: string; seq: number; rulebookId: string; actorId: string | null; actorName: string | null; type: string; payload: string; createdAt: number }): string {
  return createHash('sha256').update(canonicalize(entry)!).digest('hex');
}

describe('a database written before per-rulebook numbers', () => {
  let dir: string;
  let server: TestServer | null = null;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amendo-old-audit-'));
  });
  afterAll(async () => {
    await server?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('migrates without breaking its chains: old entries keep their hash, get numbers, and new ones follow', async () => {
    // The schema as it was: the migrations up to 0003 only.
    const oldMigrations = join(dir, 'migrations');
    mkdirSync(join(oldMigrations, 'meta'), { recursive: true });
    const journal = JSON.parse(readFileSync('migrations/meta/_journal.json', 'utf8'));
    journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= 3);
    writeFileSync(join(oldMigrations, 'meta/_journal.json'), JSON.stringify(journal));
    for (const e of journal.entries) copyFileSync(`migrations/${e.tag}.sql`, join(oldMigrations, `${e.tag}.sql`));
    const path = join(dir, 'old.db');
    const sqlite = new Database(path);
    migrate(drizzle(sqlite), { migrationsFolder: oldMigrations });

    sqlite.prepare("insert into users (id, email, display_name, password_hash, created_at) values ('u1', 'camille@old.test', 'Camille Dubois', 'x', 0)").run();
    for (const id of ['rb-a', 'rb-b']) {
      sqlite.prepare("insert into rulebooks (id, slug, title, language, created_by, created_at) values (?, ?, 'Old rules', 'fr', 'u1', 0)").run(id, `old-${id}`);
    }
    // One global sequence across both rulebooks, as the old code wrote it: a's entries are seq 1, 3, 5; b's 2, 4.
    const heads: Record<string, string> = { 'rb-a': '0'.repeat(64), 'rb-b': '0'.repeat(64) };
    const insert = sqlite.prepare('insert into audit_events (seq, rulebook_id, actor_id, actor_name, type, payload, created_at, prev_hash, hash) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    ['rb-a', 'rb-b', 'rb-a', 'rb-b', 'rb-a'].forEach((rulebookId, i) => {
      const entry = { prevHash: heads[rulebookId]!, seq: i + 1, rulebookId, actorId: 'u1', actorName: 'Camille Dubois', type: 'window.set', payload: canonicalize({ opensAt: null, closesAt: null })!, createdAt: 1_700_000_000_000 + i };
      const hash = oldHash(entry);
      insert.run(entry.seq, rulebookId, entry.actorId, entry.actorName, entry.type, entry.payload, entry.createdAt, entry.prevHash, hash);
      heads[rulebookId] = hash;
    });
    sqlite.close();

    server = await startServer({ databasePath: path });
    const before = await entriesOf(server, 'old-rb-a');
    expect(before.map((e) => [e.number, e.seq, e.formula])).toEqual([[1, 1, 1], [2, 3, 1], [3, 5, 1]]);
    expect(await verify(server, 'old-rb-a')).toEqual({ ok: true, entries: 3, head: heads['rb-a'], brokenAt: null });
    expect(await verify(server, 'old-rb-b')).toEqual({ ok: true, entries: 2, head: heads['rb-b'], brokenAt: null });

    // A change made now (through the same function every command's commit calls) follows the old entries.
    await recordAudit(server.app.db, 'rb-b', null, 'window.set', { opensAt: null, closesAt: null }, new Date());
    server.app.domain.changed('rb-b'); // as `commit` does once its transaction is in: pages kept for readers are stale
    const after = await entriesOf(server, 'old-rb-b');
    expect(after.map((e) => [e.number, e.formula])).toEqual([[1, 1], [2, 1], [3, 2]]);
    expect(after[2].prevHash).toBe(heads['rb-b']);
    expect(await verify(server, 'old-rb-b')).toMatchObject({ ok: true, entries: 3 });
  });
});
