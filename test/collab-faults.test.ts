import { first, type Db } from '../server/db/handle.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import Database from 'better-sqlite3';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { eq } from 'drizzle-orm';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { buildApp } from '../server/app.js';
import { UpdateLog } from '../server/collab/update-log.js';
import * as schema from '../server/db/schema.js';
import type { TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { openDebate, organiserWithRulebook } from './helpers/fixtures.js';
import { articleElement, typeInArticle } from './helpers/draft.js';
import { diskFullError, fillableDisk, type FillableDisk } from './helpers/full-disk.js';
import { readDraft } from '../shared/doc/ydoc.js';
import { CloseCode } from '../shared/protocol.js';

const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  // Every clean-up runs (a disk left mounted would outlive the tests); the first failure is reported after.
  const failures: unknown[] = [];
  for (const clean of cleanups.splice(0).reverse()) await Promise.resolve().then(clean).catch((err) => failures.push(err));
  vi.restoreAllMocks();
  if (failures.length) throw failures[0];
});

function disk(): FillableDisk {
  const d = fillableDisk();
  cleanups.push(() => d.dispose());
  return d;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'amendo-faults-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function server(databasePath: string, options: { port?: number; compactAfter?: number; flushDelayMs?: number; docIdleMs?: number } = {}): Promise<TestServer> {
  const { port = 0, ...rest } = options;
  const app = await buildApp({ databasePath, logLevel: 'silent', seedDemo: false, authRateLimit: 10_000, postRateLimit: 10_000, clientDir: undefined, ...rest });
  const url = await app.listen({ port, host: '127.0.0.1' });
  let closed = false;
  const close = async () => {
    if (!closed) await app.close();
    closed = true;
  };
  cleanups.push(close);
  return { app, url, collabUrl: url.replace(/^http/, 'ws') + '/collab', close };
}

/** A y-websocket provider that records the codes the server closed it with. */
function provider(s: TestServer, slug: string, cookie = ''): { provider: WebsocketProvider; closeCodes: number[] } {
  process.setMaxListeners(100); // every provider adds a process 'exit' listener
  const p = connectProvider(s.collabUrl, slug, cookie);
  cleanups.push(() => p.destroy());
  const closeCodes: number[] = [];
  p.on('connection-close', (event) => {
    if (event) closeCodes.push(event.code);
  });
  return { provider: p, closeCodes };
}

/** Type at the end of an article's first paragraph. */
function typeAtEnd(doc: Y.Doc, articleId: string, text: string): void {
  const run = (articleElement(doc, articleId).get(1) as Y.XmlElement).get(0) as Y.XmlText;
  typeInArticle(doc, articleId, text, run.length);
}

async function rulebookId(s: TestServer, slug: string): Promise<string> {
  return first(await s.app.db.select().from(schema.rulebooks).where(eq(schema.rulebooks.slug, slug)))!.id;
}

/** The draft as the database file holds it now (what a server killed at this moment would load), read on its own connection. */
async function storedDraft(databasePath: string, id: string): Promise<ReturnType<typeof readDraft>> {
  const sqlite = new Database(databasePath, { readonly: true });
  try {
    const doc = new Y.Doc();
    const db = drizzle(sqlite, { schema }) as unknown as Db;
    for (const update of (await new UpdateLog(db).since(db, id, -1)).updates) Y.applyUpdate(doc, update);
    return readDraft(doc);
  } finally {
    sqlite.close();
  }
}

const storedText = async (databasePath: string, id: string, article = 0) => (await storedDraft(databasePath, id)).articles[article]!.text;

async function health(s: TestServer): Promise<{ status: number; body: any }> {
  const res = await fetch(`${s.url}/api/health`);
  return { status: res.status, body: await res.json() };
}

describe('a draft whose storage fails', () => {
  it('keeps every edit typed during and after a full disk, closes the writer with storage_unavailable, and reports degraded health', async () => {
    const d = disk();
    const databasePath = join(d.dir, 'amendo.db');
    const s = await server(databasePath);
    const { organiser, slug, draft } = await organiserWithRulebook(s, 2);
    const id = await rulebookId(s, slug);
    const article = draft.articles[0].id;
    const writer = provider(s, slug, organiser.cookieHeader());
    await synced(writer.provider);
    typeAtEnd(writer.provider.doc, article, '[before]');
    await waitFor(async () => (await storedText(databasePath, id)).includes('[before]'), 5000, 'the first edit to be stored');
    expect(await health(s)).toMatchObject({ status: 200, body: { ok: true } });

    d.fill();
    typeAtEnd(writer.provider.doc, article, '[during-1]');
    await waitFor(() => writer.closeCodes.includes(CloseCode.storageUnavailable), 5000, 'the writer to be closed with storage_unavailable');
    const degraded = await health(s);
    expect(degraded.status).toBe(503);
    expect(degraded.body).toMatchObject({ ok: false, degraded: [{ check: 'draft_storage', rulebookId: id }] });
    expect(degraded.body.degraded[0].unwrittenBytes).toBeGreaterThan(0);
    // Typed while the server refuses the writer: held by the writer's provider.
    typeAtEnd(writer.provider.doc, article, '[during-2]');

    d.free();
    await waitFor(async () => (await health(s)).status === 200, 5000, 'health to be ok again');
    await waitFor(async () => (await storedText(databasePath, id)).includes('[during-2]'), 10_000, 'the provider to resend the edit typed during the outage');
    typeAtEnd(writer.provider.doc, article, '[after]');
    await waitFor(async () => (await storedText(databasePath, id)).includes('[after]'), 5000, 'the edit typed after the outage to be stored');

    // A second server on the same file, as after a kill -9 of the first: every edit is there, in order.
    const restarted = await server(databasePath);
    const text = (await new ApiClient(restarted.url).get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text as string;
    expect(text).toMatch(/\[before\]\[during-1\]\[during-2\]\[after\]$/);
    expect(text).toBe(readDraft(writer.provider.doc).articles[0]!.text);
  });

  it('closes a new connection with storage_unavailable while its draft cannot be read, and takes it once it can', async () => {
    const s = await server(join(disk().dir, 'amendo.db'));
    const { organiser, slug } = await organiserWithRulebook(s, 1);
    const open = s.app.docs.open.bind(s.app.docs);
    s.app.docs.open = () => Promise.reject(diskFullError()); // the draft's log cannot be read now
    const writer = provider(s, slug, organiser.cookieHeader());
    await waitFor(() => writer.closeCodes.includes(CloseCode.storageUnavailable), 5000, 'the connection closed with storage_unavailable');
    s.app.docs.open = open;
    await synced(writer.provider); // the provider reconnects by itself
  });

  it('gets back from the writer the edits a server stopped during the outage could not store', async () => {
    const d = disk();
    const databasePath = join(d.dir, 'amendo.db');
    const first = await server(databasePath);
    const { organiser, slug, draft } = await organiserWithRulebook(first, 2);
    const id = await rulebookId(first, slug);
    const article = draft.articles[1].id;
    const writer = provider(first, slug, organiser.cookieHeader());
    await synced(writer.provider);

    d.fill();
    typeAtEnd(writer.provider.doc, article, '[lost-1]');
    await waitFor(() => writer.closeCodes.includes(CloseCode.storageUnavailable), 5000, 'the writer to be closed with storage_unavailable');
    typeAtEnd(writer.provider.doc, article, '[lost-2]');
    await first.close();
    expect(await storedText(databasePath, id, 1)).not.toContain('[lost-1]');

    // The disk comes back and a new server listens at the same address: the writer's provider reconnects and resends.
    d.free();
    await server(databasePath, { port: Number(new URL(first.url).port) });
    await waitFor(async () => (await storedText(databasePath, id, 1)).endsWith('[lost-1][lost-2]'), 10_000, 'the writer to resend what the server lost');
  });

  it('does not acknowledge a server-side edit it cannot write', async () => {
    const d = disk();
    const s = await server(join(d.dir, 'amendo.db'));
    const { organiser, slug } = await organiserWithRulebook(s, 2);
    d.fill();
    const imported = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: '# Test rules\n\n## Imported\n\nDuring the outage.\n' });
    expect(imported.status).toBe(503);
    expect(imported.body.error.code).toBe('storage_unavailable');
  });

  it('survives a failing compaction: the socket close does not throw, the log stays whole, and compaction works again later', async () => {
    const uncaught: unknown[] = [];
    const onUncaught = (err: unknown) => uncaught.push(err);
    process.on('uncaughtException', onUncaught);
    cleanups.push(() => process.off('uncaughtException', onUncaught));
    const databasePath = join(tempDir(), 'amendo.db');
    const s = await server(databasePath, { compactAfter: 3, flushDelayMs: 0, docIdleMs: 0 });
    const { organiser, slug, draft } = await organiserWithRulebook(s, 2);
    const id = await rulebookId(s, slug);
    const article = draft.articles[0].id;
    const compact = vi.spyOn(UpdateLog.prototype, 'compact').mockImplementation(() => {
      throw diskFullError();
    });

    const writer = provider(s, slug, organiser.cookieHeader());
    await synced(writer.provider);
    for (let i = 0; i < 8; i++) {
      typeAtEnd(writer.provider.doc, article, `<${i}>`);
      await waitFor(async () => (await storedText(databasePath, id)).includes(`<${i}>`), 5000, `edit ${i} to be stored`);
    }
    expect(compact).toHaveBeenCalled();
    writer.provider.destroy();
    // Unloading the room compacts its log; that fails, and the room is unloaded all the same (its log is complete).
    await waitFor(() => !s.app.docs.isLoaded(id), 5000, 'the room to be unloaded');
    expect(compact.mock.calls.length).toBeGreaterThan(1);
    expect((await new UpdateLog(s.app.db).stats(id)).rows).toBeGreaterThan(0);
    expect(await storedText(databasePath, id)).toContain('<0><1><2><3><4><5><6><7>');
    expect(await health(s)).toMatchObject({ status: 200, body: { ok: true } });

    compact.mockRestore();
    const again = provider(s, slug, organiser.cookieHeader());
    await synced(again.provider);
    typeAtEnd(again.provider.doc, article, '<8>');
    await waitFor(async () => (await storedText(databasePath, id)).includes('<8>'), 5000, 'the next edit to be stored');
    again.provider.destroy();
    await waitFor(() => !s.app.docs.isLoaded(id), 5000, 'the room to be unloaded again');
    expect((await new UpdateLog(s.app.db).stats(id)).rows).toBe(0);
    expect(await storedText(databasePath, id)).toContain('<7><8>');
    expect(uncaught).toEqual([]);
  });
});

describe('accepting an amendment', () => {
  it('is one unit with its draft update: a decision that cannot be written broadcasts nothing and changes nothing', async () => {
    const d = disk();
    const databasePath = join(d.dir, 'amendo.db');
    const s = await server(databasePath);
    const { organiser, slug, draft, lea } = await openDebate(s, 3);
    const id = await rulebookId(s, slug);
    const target = draft.articles[1];
    const proposal = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'modify', articleId: target.id, text: `${target.text} AMENDED`, rationale: 'Clearer.' });
    expect(proposal.status).toBe(201);
    const reader = provider(s, slug);
    const writer = provider(s, slug, organiser.cookieHeader());
    await Promise.all([synced(reader.provider), synced(writer.provider)]);

    d.fill();
    const refused = await organiser.post(`/api/amendments/${proposal.body.id}/decision`, { decision: 'accept', reason: 'Agreed.' });
    expect(refused.status).toBe(503);
    expect(refused.body.error.code).toBe('storage_unavailable');
    d.free();

    // Messages reach the reader in order: once it sees an edit made after the refused decision, it would have
    // seen the decision's update before it.
    typeAtEnd(writer.provider.doc, draft.articles[0].id, '[sentinel]');
    await waitFor(() => readDraft(reader.provider.doc).articles[0]!.text.includes('[sentinel]'), 5000, 'the reader to see the sentinel');
    expect(readDraft(reader.provider.doc).articles[1]!.text).toBe(target.text);
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text).toBe(target.text);
    expect((await organiser.get(`/api/amendments/${proposal.body.id}`)).body.status).toBe('open');

    const accepted = await organiser.post(`/api/amendments/${proposal.body.id}/decision`, { decision: 'accept', reason: 'Agreed.' });
    expect(accepted.status).toBe(200);
    // Stored with the decision, before the answer.
    expect(await storedText(databasePath, id, 1)).toBe(`${target.text} AMENDED`);
    await waitFor(() => readDraft(reader.provider.doc).articles[1]!.text.endsWith('AMENDED'), 5000, 'the reader to see the accepted amendment');
  });
});
