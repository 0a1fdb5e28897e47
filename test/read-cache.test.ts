// The read cache (server/plugins/read-cache.ts): anonymous readers of a rulebook's pages are answered from memory
// until something about the rulebook changes, and every write that changes a page is seen on the next read.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { openDebate } from './helpers/fixtures.js';
import { typeInArticle } from './helpers/draft.js';
import { readDraft } from '../shared/doc/ydoc.js';
import { ReadCache } from '../server/plugins/read-cache.js';

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(async () => {
  await server.close();
});

describe('the read cache', () => {
  /** Read `path` anonymously until the answer is served from the cache; then `change()`; then read it again, fresh. */
  async function seenAfter<T>(path: string, change: () => Promise<unknown>): Promise<{ before: T; after: T }> {
    const anonymous = new ApiClient(server.url);
    const stats = server.app.readCache.stats;
    const before = (await anonymous.get(path)).body as T;
    const hits = stats.hits;
    expect((await anonymous.get(path)).body).toEqual(before);
    expect(stats.hits).toBe(hits + 1); // kept: the next answer would come from the cache
    await change();
    const misses = stats.misses;
    const after = (await anonymous.get(path)).body as T;
    expect(stats.misses).toBe(misses + 1); // computed again
    return { before, after };
  }

  it('is told of every write that changes a page: comment, hide, support, accept, release, window', async () => {
    const { organiser, slug, draft, lea, yanis } = await openDebate(server, 3);
    const article = draft.articles[0].id;
    const counts = `/api/rulebooks/${slug}/comments/counts`;
    let comment: { id: string } | undefined;
    const commented = await seenAfter<{ counts: Record<string, number> }>(counts, async () => {
      comment = (await lea.post(`/api/rulebooks/${slug}/articles/${article}/comments`, { body: 'Why two?' })).body;
    });
    expect([commented.before.counts[article] ?? 0, commented.after.counts[article]]).toEqual([0, 1]);

    const thread = `/api/rulebooks/${slug}/articles/${article}/comments`;
    const hidden = await seenAfter<Array<{ body: string | null }>>(thread, () => organiser.post(`/api/comments/${comment!.id}/hide`, { reason: 'Off topic' }));
    expect([hidden.before[0]!.body, hidden.after[0]!.body]).toEqual(['Why two?', null]);

    const amendments = `/api/rulebooks/${slug}/amendments`;
    const amendment = (await lea.post(amendments, { kind: 'modify', articleId: article, text: 'Three rounds.', rationale: 'Fairer.' })).body;
    const supported = await seenAfter<Array<{ supportCount: number }>>(amendments, () => yanis.post(`/api/amendments/${amendment.id}/support`));
    expect([supported.before[0]!.supportCount, supported.after[0]!.supportCount]).toEqual([0, 1]);

    const draftPath = `/api/rulebooks/${slug}/draft`;
    const accepted = await seenAfter<{ articles: Array<{ text: string }> }>(draftPath, () =>
      organiser.post(`/api/amendments/${amendment.id}/decision`, { decision: 'accept', reason: 'Agreed.' }),
    );
    expect(accepted.after.articles[0]!.text).toBe('Three rounds.');
    expect(accepted.before.articles[0]!.text).not.toBe('Three rounds.');

    const releases = `/api/rulebooks/${slug}/releases`;
    const released = await seenAfter<Array<{ version: string }>>(releases, () => organiser.post(releases, { version: '1.0', notes: 'Adopted.' }));
    expect([released.before.length, released.after.map((r) => r.version)]).toEqual([0, ['1.0']]);

    const summary = `/api/rulebooks/${slug}`;
    const closed = await seenAfter<{ consultation: string }>(summary, () =>
      organiser.request('PATCH', summary, { opensAt: new Date(Date.now() - 7200_000).toISOString(), closesAt: new Date(Date.now() - 3600_000).toISOString() }),
    );
    expect([closed.before.consultation, closed.after.consultation]).toEqual(['open', 'closed']);
  });

  it('is told of a live edit of the draft', async () => {
    const { organiser, slug, draft } = await openDebate(server, 2);
    const provider: WebsocketProvider = connectProvider(server.collabUrl, slug, organiser.cookieHeader());
    try {
      await synced(provider);
      const edited = await seenAfter<{ articles: Array<{ text: string }> }>(`/api/rulebooks/${slug}/draft`, async () => {
        typeInArticle(provider.doc, draft.articles[1].id, 'Typed live. ');
        // Once the server's document has the keystrokes (a read that bypasses the cache: signed in).
        await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[1].text.startsWith('Typed live. '), 5000, 'the edit on the server');
      });
      expect(edited.after.articles[1]!.text).toBe(readDraft(provider.doc).articles[1]!.text);
    } finally {
      provider.destroy();
    }
  });

  it('keeps nothing for someone signed in, and sees what changes with time alone within a second', async () => {
    const { organiser, slug } = await openDebate(server, 1);
    const summary = `/api/rulebooks/${slug}`;
    const stats = server.app.readCache.stats;
    const counted = stats.hits + stats.misses;
    expect((await organiser.get(summary)).body.role).toBe('organiser');
    expect((await organiser.get(summary)).body.role).toBe('organiser');
    expect(stats.hits + stats.misses).toBe(counted);

    // The consultation opens in 300 ms: nothing is written then, yet anonymous readers see it open.
    const opensAt = new Date(Date.now() + 300);
    await organiser.request('PATCH', summary, { opensAt: opensAt.toISOString(), closesAt: new Date(Date.now() + 86400_000).toISOString() });
    const anonymous = new ApiClient(server.url);
    expect((await anonymous.get(summary)).body.consultation).toBe('upcoming');
    await waitFor(async () => (await anonymous.get(summary)).body.consultation === 'open', 5000, 'the consultation seen open');
  });
});

describe('ReadCache', () => {
  it('does not keep an answer computed while its rulebook changed', () => {
    const cache = new ReadCache(() => true);
    const from = cache.begin();
    cache.changed('rb');
    cache.keep('/a', 'rb', from, 'stale', {}, 0);
    expect(cache.get('/a', 1)).toBeNull();
    cache.keep('/a', 'rb', cache.begin(), 'fresh', {}, 0);
    expect(cache.get('/a', 1)?.payload).toBe('fresh');
    cache.changed('other');
    expect(cache.get('/a', 2)?.payload).toBe('fresh'); // another rulebook's change leaves it
    expect(cache.get('/a', 1000)).toBeNull(); // a second later, gone
  });

  it('keeps at most 64 MiB, forgetting the least recently used first', () => {
    const cache = new ReadCache(() => true);
    const body = Buffer.alloc(4 * 1024 * 1024);
    for (let i = 0; i < 16; i++) cache.keep(`/${i}`, 'rb', cache.begin(), body, {}, 0);
    expect(cache.get('/0', 1)).not.toBeNull(); // used: now the most recent
    cache.keep('/16', 'rb', cache.begin(), body, {}, 0);
    expect(cache.get('/1', 1)).toBeNull();
    expect(cache.get('/0', 1)).not.toBeNull();
    expect(cache.get('/16', 1)).not.toBeNull();
    cache.keep('/too-big', 'rb', cache.begin(), Buffer.alloc(4 * 1024 * 1024 + 1), {}, 0);
    expect(cache.get('/too-big', 1)).toBeNull();
  });
});
