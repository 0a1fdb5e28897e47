import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { ServerProcess } from '../child-server.js';
import { articleTexts, createRulebookDoc, openFullClient, openWatcher, until, withTimeout, type BenchDoc } from '../fixtures.js';
import { marker } from '../wire.js';

/** How the cold-load scenario runs. */
export interface ColdLoadParams {
  storedUpdates: number;
  articles: number;
}

/** Loading a document whose history holds many small edits. */
export interface ColdLoadResult {
  /** How the history was written: sent live over the wire, or inserted as raw rows (Amendo). */
  variant: 'live' | 'raw rows';
  /** From opening the first connection to receiving the server's sync step 2. */
  syncMs: number;
  /** Size of the document the server sent. */
  syncBytes: number;
  /** Bytes the server stores for the document (null: kept in memory only). */
  storedBytes: number | null;
  /** Stored bytes once the server has compacted (Amendo, after unloading the document). */
  compactedBytes: number | null;
  /** Whether the synced state held the last edit. */
  complete: boolean;
}

const dbPath = (server: ServerProcess) => join(server.dataDir, `${server.kind}.db`);

/** Bytes of a document's stored Yjs data: Amendo's update log plus snapshot, Hocuspocus's document row. */
function storedBytes(server: ServerProcess, doc: BenchDoc): number | null {
  if (server.kind === 'y-websocket') return null;
  const db = new Database(dbPath(server), { readonly: true });
  try {
    if (server.kind === 'hocuspocus') return (db.prepare('SELECT coalesce(sum(length(data)), 0) AS n FROM documents WHERE name = ?').get(doc.doc) as { n: number }).n;
    const id = (db.prepare('SELECT id FROM rulebooks WHERE slug = ?').get(doc.doc) as { id: string }).id;
    const logged = (db.prepare('SELECT coalesce(sum(length(data)), 0) AS n FROM doc_updates WHERE rulebook_id = ?').get(id) as { n: number }).n;
    const snapshot = (db.prepare('SELECT coalesce(sum(length(data)), 0) AS n FROM doc_snapshots WHERE rulebook_id = ?').get(id) as { n: number }).n;
    return logged + snapshot;
  } finally {
    db.close();
  }
}

function amendoLoggedRows(server: ServerProcess, doc: BenchDoc): number {
  const db = new Database(dbPath(server), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM doc_updates u JOIN rulebooks r ON r.id = u.rulebook_id WHERE r.slug = ?').get(doc.doc) as { n: number }).n;
  } finally {
    db.close();
  }
}

/** Time a first connection to `doc` until it is synced, checking it received the edit `lastTag`. */
async function timeFirstSync(doc: BenchDoc, lastTag: string): Promise<{ syncMs: number; syncBytes: number; complete: boolean }> {
  const t0 = performance.now();
  const watcher = openWatcher(doc);
  await withTimeout(watcher.client.synced, 120_000, 'cold sync');
  const syncMs = performance.now() - t0;
  const syncBytes = watcher.client.bytesUntilSynced;
  const complete = watcher.seen.has(lastTag);
  watcher.client.close();
  await watcher.client.closed;
  return { syncMs, syncBytes, complete };
}

/** A writer sends `n` separate edits as fast as the socket takes them; resolves once a reader has all of them. */
async function sendEditsLive(doc: BenchDoc, n: number, prefix: string): Promise<void> {
  const watcher = openWatcher(doc);
  await withTimeout(watcher.client.synced, 20_000, 'watcher sync');
  const writer = await openFullClient(doc, doc.writer);
  const texts = articleTexts(writer.doc);
  for (let i = 0; i < n; i++) {
    texts[i % texts.length]!.insert(0, marker(`${prefix}${i}`));
    if (i % 200 === 199) await new Promise((r) => setImmediate(r));
  }
  if (!(await until(() => watcher.seen.has(`${prefix}${n - 1}`), 120_000))) throw new Error('live edits did not all arrive');
  writer.client.close();
  watcher.client.close();
  await Promise.all([writer.client.closed, watcher.client.closed]);
}

/**
 * Give a document a history of `storedUpdates` edits, restart the server on the same storage, and time the first
 * connection's sync. Every server gets the edits live over the wire (each in its own message); Amendo also gets
 * a second document whose edits are inserted as that many rows of its update log before the restart, the
 * worst case its batching and compaction otherwise prevent. y-websocket keeps documents in memory only, so it
 * is not restarted: its row is a warm load.
 */
export async function runColdLoad(server: ServerProcess, p: ColdLoadParams): Promise<ColdLoadResult[]> {
  const live = await createRulebookDoc(server, `cold-live-${p.storedUpdates}`, p.articles);
  await sendEditsLive(live, p.storedUpdates, 'c');
  const lastTag = `c${p.storedUpdates - 1}`;
  if (server.kind === 'y-websocket') {
    return [{ variant: 'live', ...(await timeFirstSync(live, lastTag)), storedBytes: null, compactedBytes: null }];
  }
  let raw: { doc: BenchDoc; updates: Uint8Array[] } | null = null;
  if (server.kind === 'amendo') {
    const doc = await createRulebookDoc(server, `cold-raw-${p.storedUpdates}`, p.articles);
    const writer = await openFullClient(doc, doc.writer);
    writer.client.close();
    await writer.client.closed;
    const updates: Uint8Array[] = [];
    writer.doc.on('update', (u: Uint8Array) => updates.push(u));
    const texts = articleTexts(writer.doc);
    for (let i = 0; i < p.storedUpdates; i++) texts[i % texts.length]!.insert(0, marker(`r${i}`));
    raw = { doc, updates };
  }
  // Let Hocuspocus store after the last client left; SIGTERM then flushes whatever is still pending.
  await until(() => (storedBytes(server, live) ?? 0) > 0, 5_000);
  await server.stop('SIGTERM');
  if (raw) insertRawRows(server, raw.doc, raw.updates);
  const liveStored = storedBytes(server, live);
  const rawStored = raw ? storedBytes(server, raw.doc) : null;
  await server.restart();
  const results: ColdLoadResult[] = [{ variant: 'live', ...(await timeFirstSync(live, lastTag)), storedBytes: liveStored, compactedBytes: null }];
  if (raw) {
    const timed = await timeFirstSync(raw.doc, `r${p.storedUpdates - 1}`);
    await until(() => amendoLoggedRows(server, raw.doc) === 0, 10_000);
    results.push({ variant: 'raw rows', ...timed, storedBytes: rawStored, compactedBytes: storedBytes(server, raw.doc) });
  }
  return results;
}

/** Append updates to Amendo's `doc_updates` table directly, one row each, while the server is stopped. */
function insertRawRows(server: ServerProcess, doc: BenchDoc, updates: Uint8Array[]): void {
  const db = new Database(dbPath(server));
  try {
    const id = (db.prepare('SELECT id FROM rulebooks WHERE slug = ?').get(doc.doc) as { id: string }).id;
    const insert = db.prepare('INSERT INTO doc_updates (rulebook_id, data, created_at) VALUES (?, ?, ?)');
    db.transaction(() => {
      for (const u of updates) insert.run(id, Buffer.from(u), Date.now());
    })();
  } finally {
    db.close();
  }
}

