// kill -9 of one instance while organisers type on both: nothing it received 100 ms before is lost, and its writers
// carry on against the other instance.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ChildProcess } from 'node:child_process';
import type { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { ApiClient, connectProvider, synced, waitFor } from '../helpers/client.js';
import { startChildServer } from '../helpers/child-server.js';
import { organiserWithRulebook, personWithRole } from '../helpers/fixtures.js';
import type { TestServer } from '../helpers/server.js';
import { typeInArticle } from '../helpers/draft.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { freshDatabase, serviceUrl } from './services.js';

describe('an instance killed while organisers type on both', () => {
  let database: Awaited<ReturnType<typeof freshDatabase>>;
  const children: ChildProcess[] = [];
  const providers: WebsocketProvider[] = [];
  beforeEach(async () => {
    database = await freshDatabase();
  });
  afterEach(async () => {
    providers.splice(0).forEach((p) => p.destroy());
    children.splice(0).forEach((c) => c.kill('SIGKILL'));
    await database?.drop();
  });

  const instance = async () => {
    const { child, url } = await startChildServer('/tmp/amendo-cluster-unused.db', { DATABASE_URL: database.url, REDIS_URL: serviceUrl('TEST_REDIS_URL') });
    children.push(child);
    return { child, server: { url, collabUrl: url.replace(/^http/, 'ws') + '/collab' } as TestServer };
  };

  it('loses nothing received 100 ms before the kill; its writer resyncs on the other instance', async () => {
    const a = await instance();
    const b = await instance();
    const { organiser, slug, draft } = await organiserWithRulebook(a.server, 2);
    const { person: second } = await personWithRole(a.server, organiser, slug, 'organiser', 'Second organiser');
    const onA = connectProvider(a.server.collabUrl, slug, organiser.cookieHeader());
    const onB = connectProvider(b.server.collabUrl, slug, second.cookieHeader());
    const watcher = connectProvider(b.server.collabUrl, slug);
    providers.push(onA, onB, watcher);
    await Promise.all([synced(onA), synced(onB), synced(watcher)]);
    const [first, other] = [draft.articles[0].id, draft.articles[1].id];

    for (let i = 0; i < 30; i++) {
      typeInArticle(onA.doc, first, `[a${i}]`, readDraft(onA.doc).articles[0]!.text.length);
      typeInArticle(onB.doc, other, `[b${i}]`, readDraft(onB.doc).articles[1]!.text.length);
      await new Promise((r) => setTimeout(r, 5));
    }
    // A received its last edit: the watcher on B saw it (through the database or Redis, whichever came first).
    await waitFor(() => readDraft(watcher.doc).articles[0]!.text.includes('[a29]'), 10_000, 'the last edit typed on A, seen on B');
    await new Promise((r) => setTimeout(r, 100));
    const killed = new Promise((r) => a.child.once('exit', r));
    a.child.kill('SIGKILL');
    await killed;

    // What a third instance loads from the database alone.
    const c = await instance();
    const stored = (await new ApiClient(c.server.url).get(`/api/rulebooks/${slug}/draft`)).body.articles as { text: string }[];
    for (let i = 0; i < 30; i++) {
      expect(stored[0]!.text).toContain(`[a${i}]`);
      expect(stored[1]!.text).toContain(`[b${i}]`);
    }

    // A's writer reconnects to B (as a proxy would send it) with what it holds, and goes on typing there.
    const held = new Y.Doc();
    Y.applyUpdate(held, Y.encodeStateAsUpdate(onA.doc));
    onA.destroy();
    const again = connectProvider(b.server.collabUrl, slug, organiser.cookieHeader(), held);
    providers.push(again);
    await synced(again);
    typeInArticle(again.doc, first, '[after]', readDraft(again.doc).articles[0]!.text.length);
    await waitFor(() => readDraft(watcher.doc).articles[0]!.text.includes('[after]'), 5000, 'the resumed writer seen on B');
    expect(readDraft(watcher.doc)).toEqual(readDraft(again.doc));
  });
});
