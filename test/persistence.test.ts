import { afterEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WebsocketProvider } from 'y-websocket';
import { startServer } from './helpers/server.js';
import { startChildServer } from './helpers/child-server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { organiserWithRulebook } from './helpers/fixtures.js';
import { typeInArticle } from './helpers/draft.js';
import { readDraft } from '../shared/doc/ydoc.js';
import { openDatabase } from '../server/db/open.js';
import { first } from '../server/db/handle.js';
import { UpdateLog } from '../server/collab/update-log.js';
import { eq } from 'drizzle-orm';
import { rulebooks } from '../server/db/schema.js';

const dirs: string[] = [];
const providers: WebsocketProvider[] = [];
const children: ChildProcess[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), 'amendo-test-'));
  dirs.push(dir);
  return join(dir, 'amendo.db');
};

afterEach(() => {
  providers.splice(0).forEach((p) => p.destroy());
  children.splice(0).forEach((c) => c.kill('SIGKILL'));
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
});

/** A child-process server whose kill the test's clean-up makes sure of. */
async function startChild(databasePath: string): Promise<{ child: ChildProcess; url: string }> {
  const started = await startChildServer(databasePath);
  children.push(started.child);
  return started;
}

describe('persistence of the live draft', () => {
  it('keeps every edit across a clean restart', async () => {
    const databasePath = tempDb();
    let server = await startServer({ databasePath });
    const { organiser, slug, draft } = await organiserWithRulebook(server, 3);
    const writer = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    providers.push(writer);
    await synced(writer);
    for (let i = 0; i < 50; i++) typeInArticle(writer.doc, draft.articles[i % 3].id, `e${i} `);
    const expected = readDraft(writer.doc);
    await waitFor(async () => JSON.stringify((await organiser.get(`/api/rulebooks/${slug}/draft`)).body) === JSON.stringify(expected));
    writer.destroy();
    await server.close();

    server = await startServer({ databasePath });
    const reader = new ApiClient(server.url);
    expect((await reader.get(`/api/rulebooks/${slug}/draft`)).body).toEqual(expected);
    await server.close();
  });

  it('loses no edit received 100 ms before a kill -9 of the server process', async () => {
    const databasePath = tempDb();
    let { child, url } = await startChild(databasePath);
    const server = { url, collabUrl: url.replace(/^http/, 'ws') + '/collab' } as Parameters<typeof organiserWithRulebook>[0];
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    const writer = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    providers.push(writer);
    await synced(writer);
    const target = draft.articles[0].id;
    // Numbered edits every few milliseconds; the server echoes nothing back to the writer, so wait for a
    // reader to have seen the last one: that proves the server received it.
    const reader = connectProvider(server.collabUrl, slug);
    providers.push(reader);
    await synced(reader);
    for (let i = 0; i < 40; i++) {
      typeInArticle(writer.doc, target, `[${i}]`, readDraft(writer.doc).articles[0]!.text.length);
      await new Promise((r) => setTimeout(r, 3));
    }
    await waitFor(() => readDraft(reader.doc).articles[0]!.text.includes('[39]'), 5000, 'the reader to see the last edit');
    await new Promise((r) => setTimeout(r, 100));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));
    writer.destroy();
    reader.destroy();

    ({ child, url } = await startChild(databasePath));
    const text = (await new ApiClient(url).get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text as string;
    for (let i = 0; i < 40; i++) expect(text).toContain(`[${i}]`);
  });

  it('compacts the update log into a snapshot and loads the same draft from it', async () => {
    const databasePath = tempDb();
    const server = await startServer({ databasePath, compactAfter: 20, flushDelayMs: 0, docIdleMs: 0 });
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    const writer = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    providers.push(writer);
    await synced(writer);
    for (let i = 0; i < 45; i++) {
      typeInArticle(writer.doc, draft.articles[1].id, 'x');
      await new Promise((r) => setTimeout(r, 2));
    }
    const expected = readDraft(writer.doc);
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text === expected.articles[1]!.text);
    const id = first(await server.app.db.select().from(rulebooks).where(eq(rulebooks.slug, slug)))!.id;
    // 45 flushed batches with compaction every 20 rows: the log never grows past 20 rows.
    expect((await new UpdateLog(server.app.db).stats(id)).rows).toBeLessThan(20);
    writer.destroy();
    await waitFor(() => !server.app.docs.isLoaded(id));
    await server.close();

    const { db, close } = openDatabase(databasePath);
    // Unloading the document folded every logged update into the snapshot.
    expect((await new UpdateLog(db).stats(id)).rows).toBe(0);
    await close();
    const again = await startServer({ databasePath });
    expect((await new ApiClient(again.url).get(`/api/rulebooks/${slug}/draft`)).body).toEqual(expected);
    await again.close();
  });
});
