// Moving an instance's SQLite database to PostgreSQL (npm run db:migrate-to-pg), with PGlite as the target: the demo
// and a 300-article rulebook with a long history are copied whole, their audit chains verify on PostgreSQL, a server
// started on the copy serves the same pages and takes new writes; a target holding data and a tampered source are
// refused. The SQLite instances run in child processes: this one queries PostgreSQL once a copy has been made.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { once } from 'node:events';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { getTableColumns, is, type Table } from 'drizzle-orm';
import { getTableConfig, PgTable } from 'drizzle-orm/pg-core';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import { CopyFailed, copyToPostgres } from '../../server/db/copy-to-pg.js';
import { openPostgres } from '../../server/db/open-pg.js';
import * as lite from '../../server/db/schema/sqlite.js';
import * as pg from '../../server/db/schema/pg/index.js';
import { docSnapshots, docUpdates } from '../../server/db/schema.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SLUG } from '../../server/seed/demo.js';
import { generateRulebook } from '../../bench/generated-rulebook.js';
import { startChildServer } from '../helpers/child-server.js';
import { startServer } from '../helpers/server.js';
import { ApiClient, waitFor } from '../helpers/client.js';
import { inviteAndAccept, openConsultation } from '../helpers/fixtures.js';

const dir = mkdtempSync(join(tmpdir(), 'amendo-to-pg-'));
const demoPath = join(dir, 'demo.db');
const historyPath = join(dir, 'history.db');
const HISTORY_SLUG = 'reglement-federal';
/** A PGlite database kept in a new folder of the test's. */
let targets = 0;
const newTarget = () => `pglite://${join(dir, `pg-${++targets}`)}`;

/** Start Amendo on a SQLite file in a child process; `stop` ends it cleanly (its WAL folded into the file). */
async function sqliteInstance(databasePath: string, env: Record<string, string> = {}) {
  const { child, url } = await startChildServer(databasePath, { AUTH_RATE_LIMIT: '100000', POST_RATE_LIMIT: '100000', SUPPORT_SETTLE_MS: '0', ...env });
  return {
    url,
    stop: async () => {
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

const expectStatus = <T extends { status: number; body: unknown }>(res: T, status: number): T => {
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${JSON.stringify(res.body)}`);
  return res;
};

/** The demo's organiser signed in. */
async function camilleOn(url: string): Promise<ApiClient> {
  const camille = new ApiClient(url);
  expectStatus(await camille.post('/api/auth/login', { email: DEMO_ACCOUNTS[0].email, password: DEMO_PASSWORD }), 200);
  return camille;
}

/** The public pages of the demo rulebook that the copy must serve unchanged. */
async function demoPages(url: string, eligibilityId: string): Promise<Record<string, unknown>> {
  const reader = new ApiClient(url);
  const base = `/api/rulebooks/${DEMO_SLUG}`;
  const paths = [base, `${base}/draft`, `${base}/releases`, `${base}/releases/1.0`, `${base}/releases/1.1`, `${base}/diff?from=1.0&to=1.1`, `${base}/amendments`, `${base}/articles/${eligibilityId}/comments`, `${base}/audit`, `${base}/audit/verify`];
  const pages: Record<string, unknown> = {};
  for (const path of paths) pages[path] = expectStatus(await reader.get(path), 200).body;
  return pages;
}

/** The generated rulebook as Markdown to import: sections as `#`, articles as `##`. */
function generatedMarkdown(articles: number): string {
  const view = generateRulebook(articles);
  const lines = [`# ${view.title}`, '', view.preamble, ''];
  for (const article of view.articles) {
    const section = view.sections.find((s) => s.firstArticle === article.number);
    if (section) lines.push(`# ${section.title}`, '');
    lines.push(`## ${article.title}`, '', article.text, '');
  }
  return lines.join('\n');
}

/**
 * A 300-article rulebook debated at length: two members propose 40 amendments, support and comment on them, the
 * organiser accepts most (merging them into the draft) and rejects the rest, and three releases are published.
 */
async function rulebookWithHistory(url: string): Promise<void> {
  const organiser = new ApiClient(url);
  await organiser.signUp('Organisatrice');
  expectStatus(await organiser.post('/api/rulebooks', { slug: HISTORY_SLUG, title: 'Règlement fédéral', language: 'fr' }), 201);
  const draft = expectStatus(await organiser.post(`/api/rulebooks/${HISTORY_SLUG}/draft/import`, { markdown: generatedMarkdown(300) }), 200).body;
  await openConsultation(organiser, HISTORY_SLUG);
  const members = [];
  for (const name of ['Léa', 'Yanis']) {
    const member = new ApiClient(url);
    const account = await member.signUp(name);
    await inviteAndAccept(organiser, member, account.email, HISTORY_SLUG, 'member');
    members.push(member);
  }
  expectStatus(await organiser.post(`/api/rulebooks/${HISTORY_SLUG}/releases`, { version: '1.0' }), 201);
  for (let i = 0; i < 40; i++) {
    const [author, supporter] = i % 2 ? [members[0]!, members[1]!] : [members[1]!, members[0]!];
    const article = draft.articles[(i * 7) % 300];
    const amendment = expectStatus(await author.post(`/api/rulebooks/${HISTORY_SLUG}/amendments`, { kind: 'modify', articleId: article.id, text: `${article.text}\n\nAjout n° ${i} : « précision ».`, rationale: `Motif ${i}.` }), 201).body;
    expectStatus(await supporter.post(`/api/amendments/${amendment.id}/support`), 200);
    expectStatus(await supporter.post(`/api/rulebooks/${HISTORY_SLUG}/articles/${article.id}/comments`, { body: `Remarque ${i} sur l’article.` }), 201);
    expectStatus(await organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: i % 4 === 3 ? 'reject' : 'accept', reason: `Décision ${i}.` }), 200);
    if (i === 19) expectStatus(await organiser.post(`/api/rulebooks/${HISTORY_SLUG}/releases`, { version: '1.1' }), 201);
  }
  expectStatus(await organiser.post(`/api/rulebooks/${HISTORY_SLUG}/releases`, { version: '2.0', notes: 'Refonte' }), 201);
}

const pgTables = Object.entries(pg).filter(([, t]) => is(t, PgTable)) as Array<[string, PgTable]>;

/** Every row of every table, keyed by table and sorted by primary key, with the values the domain reads. */
async function everyRow(read: (name: string) => Promise<Array<Record<string, unknown>>>): Promise<Record<string, unknown[]>> {
  const all: Record<string, unknown[]> = {};
  for (const [name, table] of pgTables) {
    const config = getTableConfig(table);
    const keys = config.primaryKeys[0]?.columns ?? config.columns.filter((c) => c.primary);
    const fields = Object.entries(getTableColumns(table as Table)).filter(([, c]) => keys.includes(c)).map(([key]) => key);
    const keyOf = (row: Record<string, unknown>) => JSON.stringify(fields.map((f) => row[f]));
    all[name] = (await read(name)).sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));
  }
  return all;
}

/** Every row of the SQLite file, read through the SQLite schema. */
function sqliteRows(path: string): Promise<Record<string, unknown[]>> {
  const source = new Database(path, { readonly: true });
  const db = drizzle(source);
  return everyRow(async (name) => (await db.select().from((lite as Record<string, unknown>)[name] as SQLiteTable)) as Array<Record<string, unknown>>).finally(() => source.close());
}

/** Every row of the PostgreSQL database, read through the PostgreSQL schema. */
async function postgresRows(url: string): Promise<Record<string, unknown[]>> {
  const target = await openPostgres(url);
  try {
    return await everyRow(async (name) => (await target.db.select().from((pg as Record<string, unknown>)[name] as PgTable)) as Array<Record<string, unknown>>);
  } finally {
    await target.close();
  }
}

const sha256 = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

let demoBefore: Record<string, unknown>;
let eligibilityId: string;
let historyEntries: number;

beforeAll(async () => {
  const [demo, history] = await Promise.all([sqliteInstance(demoPath, { SEED_DEMO: 'true' }), sqliteInstance(historyPath)]);
  try {
    await Promise.all([
      (async () => {
        // The demo, plus two releases around its amendment's acceptance, so releases and diffs have something to show.
        const camille = await camilleOn(demo.url);
        eligibilityId = expectStatus(await camille.get(`/api/rulebooks/${DEMO_SLUG}/draft`), 200).body.articles[2].id;
        expectStatus(await camille.post(`/api/rulebooks/${DEMO_SLUG}/releases`, { version: '1.0', notes: 'Première version' }), 201);
        const [amendment] = expectStatus(await camille.get(`/api/rulebooks/${DEMO_SLUG}/amendments`), 200).body;
        expectStatus(await camille.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'C’est le public qui compte.' }), 200);
        expectStatus(await camille.post(`/api/rulebooks/${DEMO_SLUG}/releases`, { version: '1.1' }), 201);
        expectStatus(await camille.post(`/api/rulebooks/${DEMO_SLUG}/releases/1.1/official`), 200);
        demoBefore = await demoPages(demo.url, eligibilityId);
      })(),
      (async () => {
        await rulebookWithHistory(history.url);
        historyEntries = expectStatus(await new ApiClient(history.url).get(`/api/rulebooks/${HISTORY_SLUG}/audit/verify`), 200).body.entries;
      })(),
    ]);
  } finally {
    await Promise.all([demo.stop(), history.stop()]);
  }
}, 120_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run db:migrate-to-pg', () => {
  it('copies the demo whole; a server on the copy serves the same pages, and new writes take keys after the copied ones', async () => {
    const before = sha256(demoPath);
    const target = newTarget();
    const report = await copyToPostgres({ from: demoPath, to: target });
    expect(sha256(demoPath)).toBe(before);
    expect(report.tables.map((t) => t.table).sort()).toEqual(pgTables.map(([, t]) => getTableConfig(t).name).sort());
    expect(report.chains).toEqual([{ slug: DEMO_SLUG, entries: (demoBefore[`/api/rulebooks/${DEMO_SLUG}/audit/verify`] as { entries: number }).entries, head: expect.any(String) }]);
    expect(await postgresRows(target)).toEqual(await sqliteRows(demoPath));

    const server = await startServer({ databaseUrl: target, databasePath: join(dir, 'demo-on-pg.db') });
    try {
      expect(await demoPages(server.url, eligibilityId)).toEqual(demoBefore);
      // New rows in tables keyed by an identity (audit log, notifications, the draft's update log) once the copy is served.
      const lea = new ApiClient(server.url);
      expectStatus(await lea.post('/api/auth/login', { email: DEMO_ACCOUNTS[1].email, password: DEMO_PASSWORD }), 200);
      const draft = expectStatus(await lea.get(`/api/rulebooks/${DEMO_SLUG}/draft`), 200).body;
      const article = draft.articles[0];
      const amendment = expectStatus(await lea.post(`/api/rulebooks/${DEMO_SLUG}/amendments`, { kind: 'modify', articleId: article.id, text: `${article.text}\n\nAjouté après le passage à PostgreSQL.`, rationale: 'Essai.' }), 201).body;
      const camille = await camilleOn(server.url);
      expectStatus(await camille.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Bienvenue.' }), 200);
      const verified = expectStatus(await camille.get(`/api/rulebooks/${DEMO_SLUG}/audit/verify`), 200).body;
      expect(verified).toMatchObject({ ok: true, entries: report.chains[0]!.entries + 2 });
      expect(expectStatus(await camille.get(`/api/rulebooks/${DEMO_SLUG}/draft`), 200).body.articles[0].text).toContain('Ajouté après le passage à PostgreSQL.');
      // The draft's new update is numbered after what the copied snapshot folds (SQLite compacted the log on its way
      // out): a number at or below it would be skipped the next time the draft is loaded.
      const [snapshot] = await server.app.db.select().from(docSnapshots);
      const updates = await waitFor(async () => {
        const rows = await server.app.db.select().from(docUpdates);
        return rows.length > 0 ? rows : null;
      }, 10_000, 'the accepted amendment in the update log');
      expect(Math.min(...updates.map((u) => u.seq))).toBeGreaterThan(snapshot!.throughSeq);
    } finally {
      await server.close();
    }
    // Run again by mistake: the copy holds data now.
    await expect(copyToPostgres({ from: demoPath, to: target })).rejects.toMatchObject({ code: 'target_not_empty', message: expect.stringMatching(/already holds data \(in .*audit_events.*settings.*\)/) });
  });

  it('copies a 300-article rulebook with its history, row for row, and verifies its long audit chain', async () => {
    const target = newTarget();
    const report = await copyToPostgres({ from: historyPath, to: target });
    expect(report.chains).toEqual([{ slug: HISTORY_SLUG, entries: historyEntries, head: expect.any(String) }]);
    expect(historyEntries).toBeGreaterThan(150);
    const copied = Object.fromEntries(report.tables.map((t) => [t.table, t.rows]));
    expect(copied).toMatchObject({ releases: 3, amendments: 40, comments: 40 });
    expect(await postgresRows(target)).toEqual(await sqliteRows(historyPath));
  });

  it('refuses a target that holds data, writing nothing to it', async () => {
    // A database with another application's table in it: not even the migrations are applied. (A second run into an
    // Amendo database is refused the same way: see the first test.)
    const foreign = newTarget();
    const other = new PGlite(foreign.slice('pglite://'.length));
    await other.exec("create table notes (body text); insert into notes values ('keep me')");
    await other.close();
    const refusal = await copyToPostgres({ from: demoPath, to: foreign }).catch((err: unknown) => err);
    expect(refusal).toBeInstanceOf(CopyFailed);
    expect(refusal).toMatchObject({ code: 'target_not_empty', message: expect.stringContaining('already holds data (in notes); nothing was written') });
    const after = new PGlite(foreign.slice('pglite://'.length));
    try {
      expect((await after.query("select table_schema, table_name from information_schema.tables where table_schema not in ('pg_catalog', 'information_schema')")).rows).toEqual([{ table_schema: 'public', table_name: 'notes' }]);
    } finally {
      await after.close();
    }
  });

  it('fails, committing nothing, when an audit entry was rewritten in the SQLite file', async () => {
    const tampered = join(dir, 'tampered.db');
    copyFileSync(demoPath, tampered);
    const file = new Database(tampered);
    // One millisecond off an entry's time: the chain no longer verifies from there.
    file.prepare('update audit_events set created_at = created_at + 1 where number = 5').run();
    file.close();
    const target = newTarget();
    await expect(copyToPostgres({ from: tampered, to: target })).rejects.toMatchObject({ code: 'audit_chain_broken', message: expect.stringContaining('broken at entry 5') });
    const rows = await postgresRows(target);
    expect(Object.values(rows).flat()).toEqual([]);
  });

  it('names the table of a row PostgreSQL cannot hold (a NUL character, which SQLite text takes)', async () => {
    const odd = join(dir, 'nul.db');
    copyFileSync(demoPath, odd);
    const file = new Database(odd);
    file.prepare("update comments set body = body || char(0) where parent_id is not null").run();
    file.close();
    await expect(copyToPostgres({ from: odd, to: 'pglite://memory' })).rejects.toMatchObject({ code: 'row_rejected', message: expect.stringMatching(/^PostgreSQL refused a row of comments .*0x00/) });
  });
});
