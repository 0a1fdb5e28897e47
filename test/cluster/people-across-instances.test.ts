// Two instances joined by Redis: who is here, who may write, who signed out, and who has news — told across them.
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import { connectProvider, synced, waitFor } from '../helpers/client.js';
import { openDebate, organiserWithRulebook, personWithRole } from '../helpers/fixtures.js';
import { craftedEdit, nextDenial, openRawSocket, syncUpdateMessage } from '../helpers/collab-wire.js';
import { readDraft } from '../../shared/doc/ydoc.js';
import { CloseCode } from '../../shared/protocol.js';
import type { PersonalEvent } from '../../shared/validation/notifications.js';
import { twoInstancesEachTest } from './services.js';

/** The names shown in a provider's presence list, other than its own. */
const namesSeenBy = (provider: WebsocketProvider) =>
  [...provider.awareness.getStates()]
    .filter(([id]) => id !== provider.awareness.clientID)
    .map(([, state]) => (state as { user?: { name?: string } }).user?.name)
    .sort();

describe('people across two instances joined by Redis', () => {
  const instances = twoInstancesEachTest({ redis: true });
  const providers: WebsocketProvider[] = [];
  const sockets: WebSocket[] = [];
  afterEach(() => {
    providers.splice(0).forEach((p) => p.destroy());
    sockets.splice(0).forEach((ws) => ws.close());
  });

  it('show on B who is on A (already there when B loads the draft, and arriving after), and take them away when they leave', async () => {
    const [a, b] = instances();
    const { organiser, slug, lea } = await openDebate(a, 2);
    const first = connectProvider(a.collabUrl, slug, organiser.cookieHeader());
    providers.push(first);
    await synced(first);
    first.awareness.setLocalStateField('user', { name: 'whatever I claim', colour: '#336699' });
    expect(b.app.docs.isLoaded(slug)).toBe(false);

    // B loads the draft now and asks A for the presence shown there.
    const reader = connectProvider(b.collabUrl, slug);
    providers.push(reader);
    await synced(reader);
    await waitFor(() => namesSeenBy(reader).includes(organiser.displayName), 5000, "A's organiser seen on B");

    const second = connectProvider(a.collabUrl, slug, lea.cookieHeader());
    providers.push(second);
    await synced(second);
    second.awareness.setLocalStateField('user', { name: 'someone else', colour: '#993366' });
    await waitFor(() => namesSeenBy(reader).length === 2, 5000, "A's second person seen on B");
    expect(namesSeenBy(reader)).toEqual([lea.displayName, organiser.displayName].sort());
    // And the other way: a presence shown on B is seen on A.
    reader.awareness.setLocalStateField('user', { name: 'Anonymous reader', colour: '#999999' });
    await waitFor(() => namesSeenBy(first).length === 2, 5000, "B's reader seen on A");

    second.destroy();
    await waitFor(() => namesSeenBy(reader).length === 1, 5000, 'the departure seen on B');
    expect(namesSeenBy(reader)).toEqual([organiser.displayName]);
  });

  it("let an organiser on B who is demoted on A write no more, and one signed out on A lose B's sockets", async () => {
    const [a, b] = instances();
    const { organiser, slug, draft } = await organiserWithRulebook(a, 1);
    const { person, account } = await personWithRole(a, organiser, slug, 'organiser', 'Camille');
    const reader = connectProvider(b.collabUrl, slug);
    providers.push(reader);
    const onB = openRawSocket(`${b.collabUrl}/${slug}`, { cookie: person.cookieHeader() });
    sockets.push(onB.ws);
    await Promise.all([synced(reader), onB.opened]);
    onB.ws.send(syncUpdateMessage(craftedEdit(reader.doc, draft.articles[0].id, 'Before ')));
    await waitFor(() => readDraft(reader.doc).articles[0]!.text.startsWith('Before '), 5000, 'the organiser writing on B');

    expect((await organiser.post(`/api/rulebooks/${slug}/members`, { email: account.email, role: 'member' })).status).toBeLessThan(300);
    const denial = nextDenial(onB.ws);
    await waitFor(async () => {
      // Until the role change reaches B, an edit still goes through; each try is a new one.
      onB.ws.send(syncUpdateMessage(craftedEdit(reader.doc, draft.articles[0].id, 'x')));
      return Promise.race([denial.then(() => true), new Promise((resolve) => setTimeout(resolve, 100, false))]);
    }, 5000, 'the demotion followed on B');

    // Signing out on A closes the sockets that session opened on B, at once (not at the next check, 30 s away).
    const events = openRawSocket(`${b.url.replace(/^http/, 'ws')}/events/${slug}`, { cookie: person.cookieHeader() });
    sockets.push(events.ws);
    await events.opened;
    expect((await person.post('/api/auth/logout')).status).toBe(204);
    expect((await onB.closed).code).toBe(CloseCode.sessionEnded);
    expect((await events.closed).code).toBe(CloseCode.sessionEnded);
  });

  it("tell an organiser's page on B of news made on A", async () => {
    const [a, b] = instances();
    const { organiser, slug, draft, lea } = await openDebate(a, 2);
    const ws = new WebSocket(`${b.url.replace(/^http/, 'ws')}/events/me`, { headers: { cookie: organiser.cookieHeader() } });
    sockets.push(ws);
    const received: PersonalEvent[] = [];
    ws.on('message', (data: Buffer) => received.push(JSON.parse(data.toString()) as PersonalEvent));
    await waitFor(() => received.length === 1, 5000, 'the first unread count');
    const before = received[0]!.unread;

    await lea.post(`/api/rulebooks/${slug}/amendments`, { kind: 'delete', articleId: draft.articles[1].id, rationale: 'Obsolete.' });
    await waitFor(() => received.some((e) => e.unread > before), 5000, 'the new unread count on B');
  });
});
