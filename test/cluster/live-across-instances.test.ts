// Two instances joined by Redis: what happens on one is seen live on the other.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import { ApiClient, connectProvider, synced, waitFor } from '../helpers/client.js';
import { openDebate } from '../helpers/fixtures.js';
import { typeInArticle } from '../helpers/draft.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import type { RulebookEvent } from '../../shared/protocol.js';
import { twoInstancesEachTest } from './services.js';

describe('two instances joined by Redis', () => {
  const instances = twoInstancesEachTest({ redis: true });
  const providers: WebsocketProvider[] = [];
  afterEach(() => {
    providers.splice(0).forEach((p) => p.destroy());
  });

  it('show a reader on B what an organiser types on A, at once, and a newcomer on B the whole draft', async () => {
    const [a, b] = instances();
    const { organiser, slug, draft } = await openDebate(a, 2);
    const writer = connectProvider(a.collabUrl, slug, organiser.cookieHeader());
    const reader = connectProvider(b.collabUrl, slug);
    providers.push(writer, reader);
    await Promise.all([synced(writer), synced(reader)]);

    const started = performance.now();
    typeInArticle(writer.doc, draft.articles[0].id, 'Typed on A. ');
    await waitFor(() => readDraft(reader.doc).articles[0]!.text.startsWith('Typed on A. '), 5000, 'the keystrokes on B');
    // Carried by Redis once written (a flush, then a message), not by the few-seconds read-back of the log.
    expect(performance.now() - started).toBeLessThan(1500);

    const newcomer = connectProvider(b.collabUrl, slug);
    providers.push(newcomer);
    await synced(newcomer);
    expect(readDraft(newcomer.doc)).toEqual(readDraft(writer.doc));
    const page = await new ApiClient(b.url).get(`/api/rulebooks/${slug}/draft`);
    expect(page.body.articles[0].text).toBe(readDraft(writer.doc).articles[0]!.text);
  });

  it('tell a viewer on B of an amendment proposed on A', async () => {
    const [a, b] = instances();
    const { slug, draft, lea } = await openDebate(a, 2);
    const ws = new WebSocket(`${b.url.replace(/^http/, 'ws')}/events/${slug}`);
    const received: RulebookEvent[] = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as RulebookEvent));
    await new Promise((resolve) => ws.once('open', resolve));
    try {
      const { body: amendment } = await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[1].id, rationale: 'Obsolete.' });
      const event = await waitFor(() => received.find((e) => e.type === 'amendment.changed'), 5000, 'the event on B');
      expect(event).toMatchObject({ type: 'amendment.changed', amendmentId: amendment.id });
    } finally {
      ws.close();
    }
  });

  it("have B's readers, told by the event, read what A changed rather than what B kept", async () => {
    const [a, b] = instances();
    const { slug, draft, lea } = await openDebate(a, 2);
    const counts = `/api/rulebooks/${slug}/comments/counts`;
    const anonymous = new ApiClient(b.url);
    await anonymous.get(counts);
    const hits = b.app.readCache.stats.hits;
    expect((await anonymous.get(counts)).body.counts).toEqual({});
    expect(b.app.readCache.stats.hits).toBe(hits + 1); // B keeps the answer

    const ws = new WebSocket(`${b.url.replace(/^http/, 'ws')}/events/${slug}`);
    const received: RulebookEvent[] = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as RulebookEvent));
    await new Promise((resolve) => ws.once('open', resolve));
    try {
      await lea.post(`/api/rulebooks/${slug}/articles/${draft.articles[0].id}/comments`, { body: 'Seen on B?' });
      await waitFor(() => received.find((e) => e.type.startsWith('comment')), 5000, 'the event on B');
      // The page refetches as soon as it is told: B must not answer from what it kept before.
      expect((await anonymous.get(counts)).body.counts).toEqual({ [draft.articles[0].id]: 1 });
    } finally {
      ws.close();
    }
  });
});
