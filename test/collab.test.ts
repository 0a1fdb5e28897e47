import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import { WebSocket } from 'ws';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { connectProvider, synced, waitFor } from './helpers/client.js';
import { awarenessMessage, craftedEdit, nextDenial, openRawSocket, syncUpdateMessage } from './helpers/collab-wire.js';
import { organiserWithRulebook, personWithRole } from './helpers/fixtures.js';
import { typeInArticle, insertArticleAfter, deleteArticle, numberedTitles } from './helpers/draft.js';
import { readDraft } from '../shared/doc/ydoc.js';
import { CloseCode, CollabMessage, READ_ONLY_REASON } from '../shared/protocol.js';

let server: TestServer;
const providers: WebsocketProvider[] = [];
const connect = (slug: string, cookie = '') => {
  const p = connectProvider(server.collabUrl, slug, cookie);
  providers.push(p);
  return p;
};

beforeAll(async () => {
  process.setMaxListeners(100); // every y-websocket provider adds a process 'exit' listener
  server = await startServer({ maxMessageBytes: 64 * 1024 });
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
});

/** A raw socket to a rulebook's draft, sending `cookie` (and `origin`) at upgrade. */
const rawSocket = (slug: string, cookie = '', origin?: string) => openRawSocket(`${server.collabUrl}/${slug}`, { cookie, origin });

describe('the live draft over y-websocket', () => {
  it('lets two organisers edit concurrently and converge', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 5);
    const { person: second } = await personWithRole(server, organiser, slug, 'organiser', 'second');
    const a = connect(slug, organiser.cookieHeader());
    const b = connect(slug, second.cookieHeader());
    await Promise.all([synced(a), synced(b)]);
    const [first, , third] = draft.articles;

    // Both type at the same time in different articles and in the same one.
    typeInArticle(a.doc, first.id, 'Alpha ');
    typeInArticle(b.doc, third.id, 'Bravo ');
    typeInArticle(a.doc, third.id, 'Charlie ');
    typeInArticle(b.doc, first.id, 'Delta ');

    await waitFor(() => Y.encodeStateAsUpdate(a.doc).length > 0 && readDraft(a.doc).articles[0]!.text.includes('Delta') && readDraft(b.doc).articles[0]!.text.includes('Alpha'), 5000, 'both edits on both sides');
    await waitFor(() => readDraft(a.doc).articles[2]!.text.includes('Bravo') && readDraft(b.doc).articles[2]!.text.includes('Charlie'));
    expect(readDraft(a.doc)).toEqual(readDraft(b.doc));

    // The server holds the converged text too.
    const fromServer = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body;
    expect(fromServer).toEqual(readDraft(a.doc));
  });

  it('shows a signed-out reader every edit live', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 3);
    const writer = connect(slug, organiser.cookieHeader());
    const reader = connect(slug);
    await Promise.all([synced(writer), synced(reader)]);
    expect(readDraft(reader.doc)).toEqual(draft);

    typeInArticle(writer.doc, draft.articles[1].id, 'Live! ');
    await waitFor(() => readDraft(reader.doc).articles[1]!.text.startsWith('Live! '), 5000, 'the reader to see the edit');
  });

  it("refuses a member's and a reader's crafted updates; the draft stays unchanged", async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 3);
    const { person: member } = await personWithRole(server, organiser, slug, 'member');
    for (const cookie of [member.cookieHeader(), '']) {
      const intruder = connect(slug, cookie);
      await synced(intruder);
      // A stock client applies its own change locally and sends it; the server must not apply it.
      typeInArticle(intruder.doc, draft.articles[0].id, 'HACKED ');
      // And a hand-crafted update sent straight over a raw socket.
      const { ws, opened } = rawSocket(slug, cookie);
      await opened;
      const denial = nextDenial(ws);
      ws.send(syncUpdateMessage(craftedEdit(intruder.doc, draft.articles[1].id, 'CRAFTED ')));
      // The server answers with a y-protocols "permission denied: read_only" and keeps the socket open.
      const message = decoding.createDecoder(await denial);
      expect([decoding.readVarUint(message), decoding.readVarUint(message), decoding.readVarString(message)]).toEqual([
        CollabMessage.auth, 0, READ_ONLY_REASON,
      ]);
      expect(ws.readyState).toBe(WebSocket.OPEN);
      ws.close();
    }
    // A fresh connection sees the original draft.
    const fresh = connect(slug);
    await synced(fresh);
    expect(readDraft(fresh.doc)).toEqual(draft);
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body).toEqual(draft);
  });

  it('gives every newcomer the draft as it is now, edit after edit', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    const writer = connect(slug, organiser.cookieHeader());
    await synced(writer);
    for (const word of ['One ', 'Two ']) {
      const first = connect(slug);
      await synced(first);
      typeInArticle(writer.doc, draft.articles[0].id, word);
      await waitFor(() => readDraft(first.doc).articles[0]!.text.startsWith(word), 5000, 'the edit');
      const newcomer = connect(slug);
      await synced(newcomer);
      expect(readDraft(newcomer.doc)).toEqual(readDraft(writer.doc));
    }
  });

  it('closes only the socket that sends a malformed message, with a named code', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 3);
    const writer = connect(slug, organiser.cookieHeader());
    const reader = connect(slug);
    await Promise.all([synced(writer), synced(reader)]);

    const cases: Uint8Array[] = [
      new Uint8Array([CollabMessage.sync, 0, 0xff, 0xff, 0xff]), // truncated varint
      new Uint8Array([42, 1, 2, 3]), // unknown message type
      new Uint8Array([CollabMessage.sync, 2, 5, 1, 2, 3, 4, 5]), // garbage update
      new Uint8Array([CollabMessage.sync, 9, 0]), // unknown sync step
    ];
    for (const bytes of cases) {
      const { ws, opened, closed } = rawSocket(slug, organiser.cookieHeader());
      await opened;
      ws.send(bytes);
      expect(await closed).toEqual({ code: CloseCode.malformedMessage, reason: 'malformed_message' });
    }
    const text = rawSocket(slug);
    await text.opened;
    text.ws.send('hello');
    expect((await text.closed).code).toBe(CloseCode.malformedMessage);

    // Everyone else is still connected and syncing; the draft is intact.
    typeInArticle(writer.doc, draft.articles[0].id, 'Still here ');
    await waitFor(() => readDraft(reader.doc).articles[0]!.text.startsWith('Still here '));
    expect(writer.wsconnected && reader.wsconnected).toBe(true);
  });

  it('closes a socket that sends an oversized message with 1009 and keeps the draft', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 3);
    const reader = connect(slug);
    await synced(reader);
    const { ws, opened, closed } = rawSocket(slug, organiser.cookieHeader());
    await opened;
    const big = new Y.Doc();
    big.getText('x').insert(0, 'x'.repeat(200 * 1024));
    ws.send(syncUpdateMessage(Y.encodeStateAsUpdate(big)));
    expect((await closed).code).toBe(CloseCode.messageTooBig);
    expect(reader.wsconnected).toBe(true);
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body).toEqual(draft);
  });

  it('closes with rulebook_not_found for an unknown rulebook', async () => {
    const { closed } = rawSocket('no-such-rulebook');
    expect(await closed).toEqual({ code: CloseCode.rulebookNotFound, reason: 'rulebook_not_found' });
  });

  it('keeps article ids through edits and renumbers after insert and delete', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 4);
    const writer = connect(slug, organiser.cookieHeader());
    await synced(writer);
    const ids = draft.articles.map((a: { id: string }) => a.id);

    typeInArticle(writer.doc, ids[1], 'Edited. ');
    const inserted = insertArticleAfter(writer.doc, ids[0], 'Inserted', 'New text');
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles.length === 5);
    let view = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body;
    expect(view.articles.map((a: any) => `${a.number}:${a.id}`)).toEqual([
      `1:${ids[0]}`, `2:${inserted}`, `3:${ids[1]}`, `4:${ids[2]}`, `5:${ids[3]}`,
    ]);
    expect(view.articles[2].text.startsWith('Edited. ')).toBe(true);

    deleteArticle(writer.doc, ids[0]);
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles.length === 4);
    view = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body;
    expect(view.articles.map((a: any) => `${a.number}:${a.id}`)).toEqual([`1:${inserted}`, `2:${ids[1]}`, `3:${ids[2]}`, `4:${ids[3]}`]);
    expect(numberedTitles(writer.doc)).toEqual(['1:Inserted', '2:Rule 2', '3:Rule 3', '4:Rule 4']);
  });

  it('gives a fresh id to an article duplicated by a concurrent paste or split', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 2);
    const writer = connect(slug, organiser.cookieHeader());
    await synced(writer);
    insertArticleAfter(writer.doc, draft.articles[1].id, 'Copy', 'Copied');
    // Force the copy to carry the id of article 1, as a paste of a copied article would.
    const { draftFragment } = await import('../shared/doc/ydoc.js');
    const copy = draftFragment(writer.doc).get(draftFragment(writer.doc).length - 1) as Y.XmlElement;
    copy.setAttribute('id', draft.articles[0].id);
    const view = await waitFor(async () => {
      const v = (await organiser.get(`/api/rulebooks/${slug}/draft`)).body;
      return v.articles.length === 3 && v.articles[2].id !== draft.articles[0].id && v;
    });
    expect(view.articles[0].id).toBe(draft.articles[0].id);
    expect(new Set(view.articles.map((a: any) => a.id)).size).toBe(3);
    await waitFor(() => readDraft(writer.doc).articles[2]!.id === view.articles[2].id, 5000, 'the repaired id to reach the client');
  });

  it('sees an import live in connected editors', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 2);
    const reader = connect(slug);
    await synced(reader);
    const res = await organiser.post(`/api/rulebooks/${slug}/draft/import`, { markdown: '# New title\n\n## Article 1 – Only\n\nOne rule.' });
    expect(res.status).toBe(200);
    await waitFor(() => readDraft(reader.doc).title === 'New title');
    expect(numberedTitles(reader.doc)).toEqual(['1:Only']);
  });

  it('broadcasts presence under the name the server knows, and nobody can speak for another client', async () => {
    const { organiser, slug } = await organiserWithRulebook(server, 1);
    const { displayName } = (await organiser.get('/api/me')).body;
    const writer = connect(slug, organiser.cookieHeader());
    const reader = connect(slug);
    await Promise.all([synced(writer), synced(reader)]);
    writer.awareness.setLocalStateField('user', { name: 'Whatever', color: '#112233' });
    // An anonymous reader claims to be the organiser: others see its presence, without the borrowed name.
    reader.awareness.setLocalStateField('user', { name: 'organiser', color: '#445566' });
    const readerState = await waitFor(() => writer.awareness.getStates().get(reader.awareness.clientID), 5000, 'reader presence');
    expect(readerState!.user).toEqual({ color: '#445566' });
    await waitFor(() => reader.awareness.getStates().get(writer.awareness.clientID)?.user?.name === displayName, 5000, 'writer presence');
    expect(reader.awareness.getStates().get(writer.awareness.clientID)!.user.color).toBe('#112233');

    // A forged awareness update for the writer's client id is ignored; the same socket's own presence, sent
    // after it, shows that the server has handled it.
    const { ws, opened } = rawSocket(slug);
    await opened;
    ws.send(awarenessMessage([{ clientId: writer.awareness.clientID, clock: 1000, state: { user: { name: 'Impostor', color: '#000000' } } }]));
    ws.send(awarenessMessage([{ clientId: 8_000_000, clock: 1, state: { user: { color: '#999999' } } }]));
    await waitFor(() => reader.awareness.getStates().get(8_000_000), 5000, 'the sentinel presence');
    expect(reader.awareness.getStates().get(writer.awareness.clientID)!.user).toEqual({ name: displayName, color: '#112233' });
    ws.close();
  });

  it('lets a member write as soon as they are made an organiser', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 1);
    const { person, account } = await personWithRole(server, organiser, slug, 'member');
    const member = connect(slug, person.cookieHeader());
    await synced(member);
    await organiser.post(`/api/rulebooks/${slug}/members`, { email: account.email, role: 'organiser' });
    typeInArticle(member.doc, draft.articles[0].id, 'Promoted ');
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text.startsWith('Promoted '), 5000, 'the promoted member to write');
  });

  it('stops an organiser writing as soon as they are made a member', async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 1);
    const { person, account } = await personWithRole(server, organiser, slug, 'organiser', 'demoted');
    const reader = connect(slug);
    const socket = rawSocket(slug, person.cookieHeader());
    await Promise.all([synced(reader), socket.opened]);
    const draftText = async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text as string;
    socket.ws.send(syncUpdateMessage(craftedEdit(reader.doc, draft.articles[0].id, 'Before ')));
    await waitFor(async () => (await draftText()).startsWith('Before '), 5000, 'the organiser to write');

    expect((await organiser.post(`/api/rulebooks/${slug}/members`, { email: account.email, role: 'member' })).status).toBeLessThan(300);
    await waitFor(() => readDraft(reader.doc).articles[0]!.text.startsWith('Before '), 5000, 'the reader to catch up');
    const denial = nextDenial(socket.ws);
    socket.ws.send(syncUpdateMessage(craftedEdit(reader.doc, draft.articles[0].id, 'After ')));
    await denial;
    expect(await draftText()).toBe(`Before ${draft.articles[0].text}`);
    socket.ws.close();
  });

  it("gives a cross-site page a reader's connection, even with an organiser's cookie", async () => {
    const { organiser, slug, draft } = await organiserWithRulebook(server, 1);
    const reader = connect(slug);
    await synced(reader);
    const foreign = rawSocket(slug, organiser.cookieHeader(), 'https://elsewhere.example');
    await foreign.opened;
    const denial = nextDenial(foreign.ws);
    foreign.ws.send(syncUpdateMessage(craftedEdit(reader.doc, draft.articles[0].id, 'Cross-site ')));
    await denial;
    expect((await organiser.get(`/api/rulebooks/${slug}/draft`)).body).toEqual(draft);

    // The same cookie from a page of this site writes.
    const own = rawSocket(slug, organiser.cookieHeader(), server.url);
    await own.opened;
    own.ws.send(syncUpdateMessage(craftedEdit(reader.doc, draft.articles[0].id, 'Same site ')));
    await waitFor(async () => (await organiser.get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text.startsWith('Same site '), 5000, 'the same-site write');
    foreign.ws.close();
    own.ws.close();
  });
});
