import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { migrate } from 'drizzle-orm/better-sqlite3/migrator';

/** The migrations folder as it was up to `lastIdx`, copied into `dir`. */
function migrationsUpTo(dir: string, lastIdx: number): string {
  const folder = join(dir, `migrations-${lastIdx}`);
  mkdirSync(join(folder, 'meta'), { recursive: true });
  const journal = JSON.parse(readFileSync('migrations/meta/_journal.json', 'utf8'));
  journal.entries = journal.entries.filter((e: { idx: number }) => e.idx <= lastIdx);
  writeFileSync(join(folder, 'meta/_journal.json'), JSON.stringify(journal));
  for (const e of journal.entries) copyFileSync(`migrations/${e.tag}.sql`, join(folder, `${e.tag}.sql`));
  return folder;
}

describe('a database written before amendments said whether they were merged', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'amendo-old-merged-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('learns it from the decisions recorded in the audit log', () => {
    const sqlite = new Database(join(dir, 'old.db'));
    migrate(drizzle(sqlite), { migrationsFolder: migrationsUpTo(dir, 6) });
    sqlite.prepare("insert into users (id, email, display_name, password_hash, created_at) values ('u1', 'camille@old.test', 'Camille Dubois', 'x', 0)").run();
    sqlite.prepare("insert into rulebooks (id, slug, title, language, created_by, created_at) values ('rb', 'old', 'Old rules', 'fr', 'u1', 0)").run();
    const amendment = sqlite.prepare("insert into amendments (id, rulebook_id, number, kind, article_id, rationale, author_id, status, created_at, updated_at) values (?, 'rb', ?, 'modify', 'a1', 'Why', 'u1', ?, 0, 0)");
    amendment.run('merged', 1, 'accepted');
    amendment.run('clean', 2, 'accepted');
    amendment.run('open', 3, 'open');
    const entry = sqlite.prepare("insert into audit_events (rulebook_id, number, type, payload, created_at, prev_hash, hash) values ('rb', ?, 'amendment.accepted', ?, 0, '', ?)");
    entry.run(1, JSON.stringify({ amendmentId: 'merged', number: 1, merged: true }), 'h1');
    entry.run(2, JSON.stringify({ amendmentId: 'clean', number: 2, merged: false }), 'h2');
    // Another kind of entry naming the open amendment, with a payload that happens to say merged.
    sqlite.prepare("insert into audit_events (rulebook_id, number, type, payload, created_at, prev_hash, hash) values ('rb', 3, 'amendment.edited', ?, 0, '', 'h3')").run(JSON.stringify({ amendmentId: 'open', merged: true }));

    migrate(drizzle(sqlite), { migrationsFolder: 'migrations' });
    const rows = sqlite.prepare('select id, merged from amendments order by number').all();
    sqlite.close();
    expect(rows).toEqual([
      { id: 'merged', merged: 1 },
      { id: 'clean', merged: 0 },
      { id: 'open', merged: 0 },
    ]);
  });
});
