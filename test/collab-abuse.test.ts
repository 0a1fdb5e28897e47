import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { connectProvider, synced, waitFor } from './helpers/client.js';
import { awarenessMessage, isSyncStep2, openRawSocket, syncStep1Message, syncUpdateMessage } from './helpers/collab-wire.js';
import { organiserWithRulebook } from './helpers/fixtures.js';
import { typeInArticle } from './helpers/draft.js';
import { readDraft } from '../shared/doc/ydoc.js';
import { CloseCode } from '../shared/protocol.js';
import { connectionLimits } from '../server/collab/connection.js';

// One connection must not be able to grow everyone's memory or the server's work without bound: presence ids
// and states, requests for the whole document, messages in general, and bytes waiting for a reader are capped.
let server: TestServer;
const providers: WebsocketProvider[] = [];
const connect = (slug: string, cookie = '') => {
  const p = connectProvider(server.collabUrl, slug, cookie);
  providers.push(p);
  return p;
};
const raw = (slug: string) => openRawSocket(`${server.collabUrl}/${slug}`);

beforeAll(async () => {
  process.setMaxListeners(100); // every y-websocket provider adds a process 'exit' listener
  server = await startServer({ maxBufferedBytes: 1024 * 1024 });
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
});

/** A presence that only the watcher's sentinel peer shows: once the watcher sees it, it has seen everything before. */
async function sentinelSeenBy(watcher: WebsocketProvider, slug: string): Promise<number> {
  const sentinel = connect(slug);
  sentinel.awareness.setLocalStateField('user', { color: '#5e5e5e' });
  await waitFor(() => watcher.awareness.getStates().get(sentinel.awareness.clientID)?.user, 5000, 'the sentinel presence');
  return sentinel.awareness.clientID;
}

const presence = (clientId: number, clock = 1, color = '#000000') => ({ clientId, clock, state: { user: { color } } });

describe('presence limits', () => {
  it('closes a reader that floods presence ids in one message; nobody sees any of them', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const watcher = connect(slug, organiser.cookieHeader());
    await synced(watcher);
    const flood = raw(slug);
    await flood.opened;
    flood.ws.send(awarenessMessage(Array.from({ length: 20_000 }, (_, i) => presence(1_000_000 + i))));
    expect(await flood.closed).toEqual({ code: CloseCode.presenceAbuse, reason: 'presence_abuse' });

    const sentinel = await sentinelSeenBy(watcher, slug);
    expect([...watcher.awareness.getStates().keys()].sort()).toEqual([watcher.awareness.clientID, sentinel].sort());
  });

  it('closes a reader that claims one id after another, and removes the ones it showed', async () => {
    const { slug } = await organiserWithRulebook(server, 1);
    const watcher = connect(slug);
    await synced(watcher);
    const flood = raw(slug);
    await flood.opened;
    for (let i = 0; i <= connectionLimits.presenceIds; i++) flood.ws.send(awarenessMessage([presence(2_000_000 + i)]));
    expect((await flood.closed).code).toBe(CloseCode.presenceAbuse);

    const sentinel = await sentinelSeenBy(watcher, slug);
    expect([...watcher.awareness.getStates().keys()].sort()).toEqual([watcher.awareness.clientID, sentinel].sort());
  });

  it('closes a connection that sends an oversized presence state', async () => {
    const { slug } = await organiserWithRulebook(server, 1);
    const big = raw(slug);
    await big.opened;
    big.ws.send(awarenessMessage([{ clientId: 3_000_000, clock: 1, state: { user: { color: '#000000' }, junk: 'x'.repeat(8 * 1024) } }]));
    expect((await big.closed).code).toBe(CloseCode.presenceAbuse);
  });

  it('closes a connection that sends presence updates faster than any cursor moves', async () => {
    const { slug } = await organiserWithRulebook(server, 1);
    const chatty = raw(slug);
    await chatty.opened;
    for (let clock = 1; clock <= 5 * connectionLimits.presenceBurst; clock++) chatty.ws.send(awarenessMessage([presence(4_000_000, clock)]));
    expect((await chatty.closed).code).toBe(CloseCode.presenceAbuse);
  });

  it("keeps a reconnecting client's presence id bound to it, whatever clock another connection sends", async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const watcher = connect(slug);
    const writer = connect(slug, organiser.cookieHeader());
    await Promise.all([synced(watcher), synced(writer)]);
    const id = writer.awareness.clientID;
    const colorSeen = (color: string) => waitFor(() => watcher.awareness.getStates().get(id)?.user?.color === color, 5000, `colour ${color}`);
    writer.awareness.setLocalStateField('user', { color: '#111111' });
    await colorSeen('#111111');

    // The writer's connection drops; its provider reconnects under the same client id and moves its cursor.
    writer.ws!.close();
    await waitFor(() => !writer.synced, 5000, 'the drop');
    await synced(writer);
    writer.awareness.setLocalStateField('user', { color: '#222222' });
    await colorSeen('#222222');

    // Another connection sends the writer's id with a clock far ahead, then a presence of its own.
    const attacker = raw(slug);
    await attacker.opened;
    attacker.ws.send(awarenessMessage([presence(id, 2 ** 40, '#ff0000'), presence(5_000_000, 1, '#00ff00')]));
    await waitFor(() => watcher.awareness.getStates().get(5_000_000), 5000, "the attacker's own presence");
    expect(watcher.awareness.getStates().get(id)!.user.color).toBe('#222222');

    // And the writer keeps showing its own presence afterwards.
    writer.awareness.setLocalStateField('user', { color: '#333333' });
    await colorSeen('#333333');
  });

  it('lets a stock client type a hundred keys a second, its cursor moving at every keystroke', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 1);
    const watcher = connect(slug);
    const writer = connect(slug, organiser.cookieHeader());
    await Promise.all([synced(watcher), synced(writer)]);
    for (let i = 0; i < 100; i++) {
      typeInArticle(writer.doc, draft.articles[0].id, 'k');
      writer.awareness.setLocalStateField('cursor', { at: i });
      await new Promise((r) => setTimeout(r, 10));
    }
    await waitFor(() => watcher.awareness.getStates().get(writer.awareness.clientID)?.cursor?.at === 99, 5000, 'the last cursor');
    await waitFor(() => readDraft(watcher.doc).articles[0]!.text.startsWith('k'.repeat(100)), 5000, 'the typing');
    expect(writer.wsconnected).toBe(true);
  });
});

describe('per-connection limits', () => {
  it('answers a few requests for the whole document, then closes a connection that keeps asking', async () => {
    const { slug } = await organiserWithRulebook(server, 3);
    const greedy = raw(slug);
    await greedy.opened;
    for (let i = 0; i < 20; i++) greedy.ws.send(syncStep1Message());
    expect(await greedy.closed).toEqual({ code: CloseCode.rateLimited, reason: 'rate_limited' });
    expect(greedy.received.filter(isSyncStep2)).toHaveLength(connectionLimits.fullSyncBurst);
  });

  it('closes a connection that floods messages', async () => {
    const { slug } = await organiserWithRulebook(server, 1);
    const flood = raw(slug);
    await flood.opened;
    const empty = syncUpdateMessage(Y.encodeStateAsUpdate(new Y.Doc()));
    for (let i = 0; i < 2 * connectionLimits.messageBurst; i++) flood.ws.send(empty);
    expect((await flood.closed).code).toBe(CloseCode.rateLimited);
  });

  it('drops a reader too slow to take what is sent to it, and its presence at once; others keep up', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 1);
    const writer = connect(slug, organiser.cookieHeader());
    const healthy = connect(slug);
    await Promise.all([synced(writer), synced(healthy)]);
    const slow = raw(slug);
    await slow.opened;
    slow.ws.send(awarenessMessage([presence(6_000_000)]));
    await waitFor(() => healthy.awareness.getStates().get(6_000_000), 5000, 'the slow reader presence');
    slow.ws.pause(); // it stops reading: what the server sends it piles up

    let chunks = 0;
    while (healthy.awareness.getStates().has(6_000_000)) {
      if (++chunks > 400) throw new Error('the slow reader was never dropped');
      typeInArticle(writer.doc, draft.articles[0].id, `${chunks} `.padEnd(50_000, 'x'));
      await waitFor(() => readDraft(healthy.doc).articles[0]!.text.startsWith(`${chunks} `), 10_000, `chunk ${chunks}`);
    }
    slow.ws.resume();
    expect(await slow.closed).toEqual({ code: CloseCode.slowConsumer, reason: 'slow_consumer' });
    expect(writer.wsconnected && healthy.wsconnected).toBe(true);
  });
});
