import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { FastifyInstance } from 'fastify';
import type { WebsocketProvider } from 'y-websocket';
import { startServer, type TestServer } from './helpers/server.js';
import { ApiClient, connectProvider, synced, waitFor } from './helpers/client.js';
import { awarenessMessage, openRawSocket } from './helpers/collab-wire.js';
import { organiserWithRulebook } from './helpers/fixtures.js';
import { typeInArticle } from './helpers/draft.js';
import { sessions } from '../server/db/schema.js';
import { CloseCode } from '../shared/protocol.js';

// How sockets end: a peer that stops answering is dropped, a session that ends takes its sockets with it, and a
// client sending broken frames costs a few warnings, not a flood of errors.
const PING_INTERVAL_MS = 100;
let server: TestServer;
const providers: WebsocketProvider[] = [];
const connect = (slug: string, cookie = '') => {
  const p = connectProvider(server.collabUrl, slug, cookie);
  providers.push(p);
  return p;
};
const collabUrl = (slug: string) => `${server.collabUrl}/${slug}`;
const eventsUrl = (s: TestServer, slug: string) => `${s.url.replace(/^http/, 'ws')}/events/${slug}`;

beforeAll(async () => {
  process.setMaxListeners(100); // every y-websocket provider adds a process 'exit' listener
  server = await startServer({ pingIntervalMs: PING_INTERVAL_MS });
});
afterAll(async () => {
  for (const p of providers) p.destroy();
  await server.close();
});

describe('liveness', () => {
  it('drops a half-open collab peer that stops answering pings, and its presence with it', async () => {
    const { slug } = await organiserWithRulebook(server, 1);
    const watcher = connect(slug);
    await synced(watcher);
    const peer = openRawSocket(collabUrl(slug), { autoPong: false });
    await peer.opened;
    peer.ws.send(awarenessMessage([{ clientId: 7_000_000, clock: 1, state: { user: { color: '#777777' } } }]));
    await waitFor(() => watcher.awareness.getStates().get(7_000_000), 5000, 'the peer presence');

    expect((await peer.closed).code).toBe(1006); // dropped, not closed politely: nobody is there to answer
    await waitFor(() => !watcher.awareness.getStates().has(7_000_000), 5000, 'the presence to go');
  });

  it('drops a half-open events peer', async () => {
    const { slug } = await organiserWithRulebook(server, 1);
    const peer = openRawSocket(eventsUrl(server, slug), { autoPong: false });
    await peer.opened;
    expect((await peer.closed).code).toBe(1006);
  });

  it('keeps a peer that answers: pinged again and again, still open', async () => {
    const { slug } = await organiserWithRulebook(server, 1);
    const peer = openRawSocket(collabUrl(slug));
    let pings = 0;
    peer.ws.on('ping', () => pings++);
    await peer.opened;
    await waitFor(() => pings >= 5, 5000, 'five pings');
    expect(peer.ws.readyState).toBe(peer.ws.OPEN);
    peer.ws.close();
  });
});

describe('sessions', () => {
  it("closes the sockets a session opened when it signs out; the person's other session keeps writing", async () => {
    const { organiser, account, slug, draft } = await organiserWithRulebook(server, 1);
    const otherSession = new ApiClient(server.url);
    expect((await otherSession.post('/api/auth/login', { email: account.email, password: account.password })).status).toBe(200);
    const collab = openRawSocket(collabUrl(slug), { cookie: organiser.cookieHeader() });
    const events = openRawSocket(eventsUrl(server, slug), { cookie: organiser.cookieHeader() });
    const reader = openRawSocket(collabUrl(slug));
    const other = connect(slug, otherSession.cookieHeader());
    await Promise.all([collab.opened, events.opened, reader.opened, synced(other)]);

    expect((await organiser.post('/api/auth/logout')).status).toBe(204);
    expect(await collab.closed).toEqual({ code: CloseCode.sessionEnded, reason: 'session_ended' });
    expect(await events.closed).toEqual({ code: CloseCode.sessionEnded, reason: 'session_ended' });

    typeInArticle(other.doc, draft.articles[0].id, 'Still mine ');
    await waitFor(async () => (await otherSession.get(`/api/rulebooks/${slug}/draft`)).body.articles[0].text.startsWith('Still mine '), 5000, 'the edit');
    expect(reader.ws.readyState).toBe(reader.ws.OPEN);
    reader.ws.close();
  });

  it('closes the sockets of a session found expired', async () => {
    const { organiser, account, slug } = await organiserWithRulebook(server, 1);
    const collab = openRawSocket(collabUrl(slug), { cookie: organiser.cookieHeader() });
    await collab.opened;
    await server.app.db.update(sessions).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(sessions.userId, account.id));
    expect((await collab.closed).code).toBe(CloseCode.sessionEnded);
  });
});

/** The JSON lines the app logs from now on, captured by pointing its pino logger at an array. */
function captureLogs(app: FastifyInstance): Array<{ level: number; msg: string }> {
  const lines: Array<{ level: number; msg: string }> = [];
  const stream = Object.getOwnPropertySymbols(app.log).find((s) => s.description === 'pino.stream');
  if (!stream) throw new Error('no pino stream on the app logger');
  (app.log as unknown as Record<symbol, unknown>)[stream] = { write: (line: string) => void lines.push(JSON.parse(line)) };
  return lines;
}

describe('broken frames', () => {
  let logged: TestServer;
  beforeAll(async () => {
    logged = await startServer({ logLevel: 'info' });
  });
  afterAll(() => logged.close());

  it('cost a few warnings, never an error, however many clients send them', async () => {
    const { slug } = await organiserWithRulebook(logged, 1);
    const lines = captureLogs(logged.app);
    const invalidUtf8 = Buffer.from([0xff, 0xfe, 0xfd]);
    for (let i = 0; i < 20; i++) {
      for (const url of [`${logged.collabUrl}/${slug}`, eventsUrl(logged, slug)]) {
        const socket = openRawSocket(url);
        await socket.opened;
        socket.ws.send(invalidUtf8, { binary: false });
        await socket.closed;
      }
      const malformed = openRawSocket(`${logged.collabUrl}/${slug}`);
      await malformed.opened;
      malformed.ws.send(new Uint8Array([42, 1, 2, 3]));
      expect((await malformed.closed).code).toBe(CloseCode.malformedMessage);
    }
    expect(lines.filter((l) => l.level >= 50)).toEqual([]);
    const warnings = lines.filter((l) => l.level === 40);
    expect(warnings.length).toBeGreaterThan(0);
    expect(warnings.length).toBeLessThanOrEqual(12);
  });
});
