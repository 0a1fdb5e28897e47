import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IncomingMessage } from 'node:http';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { WebSocket, WebSocketServer } from 'ws';
import { startServer, type TestServer } from './helpers/server.js';
import { waitFor } from './helpers/client.js';
import { openRawSocket, syncStep1Message } from './helpers/collab-wire.js';
import { organiserWithRulebook } from './helpers/fixtures.js';
import { sendBinary } from '../server/sockets/framed-send.js';

// What an open socket costs: the upgrade request is not kept for the socket's life, and the frames built once for
// a broadcast are the frames `ws` would have sent.
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Whether the object `ref` points to is gone after full collections (WeakRefs clear between tasks). */
async function collected(ref: WeakRef<object>): Promise<boolean> {
  for (let i = 0; i < 5 && ref.deref(); i++) {
    await new Promise((resolve) => setTimeout(resolve, 10));
    gc();
  }
  return ref.deref() === undefined;
}

describe('an open socket', () => {
  for (const path of ['collab', 'events'] as const) {
    it(`lets its upgrade request go (${path})`, async () => {
      const { slug } = await organiserWithRulebook(server, 1);
      let upgrade: WeakRef<IncomingMessage> | null = null;
      const remember = (req: IncomingMessage) => (upgrade ??= new WeakRef(req));
      server.app.server.once('upgrade', remember);
      const socket = openRawSocket(`${server.url.replace(/^http/, 'ws')}/${path}/${slug}`);
      await socket.opened;
      if (path === 'collab') {
        socket.ws.send(syncStep1Message());
        await waitFor(() => socket.received.length > 0, 5_000, 'the document');
      }
      expect(upgrade).not.toBeNull();
      expect(await collected(upgrade!)).toBe(true);
      expect(socket.ws.readyState).toBe(WebSocket.OPEN);
      socket.ws.close();
      await socket.closed;
    });
  }
});

describe('sendBinary', () => {
  it('sends what ws sends, for every length encoding, framing a shared message once', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((resolve) => wss.once('listening', resolve));
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    const served: WebSocket[] = [];
    wss.on('connection', (s) => served.push(s));
    const clients = [new WebSocket(url), new WebSocket(url)];
    try {
      await waitFor(() => served.length === 2, 5_000, 'two connections');
      const received = clients.map(() => [] as Uint8Array[]);
      clients.forEach((c, i) => c.on('message', (data: Buffer, isBinary: boolean) => isBinary && received[i]!.push(new Uint8Array(data))));
      const sizes = [0, 1, 125, 126, 65_535, 65_536, 200_000];
      const messages = sizes.map((n) => Uint8Array.from({ length: n }, (_, k) => (k * 7 + n) & 0xff));
      for (const m of messages) for (const s of served) sendBinary(s, m);
      await waitFor(() => received.every((r) => r.length === sizes.length), 5_000, 'every message');
      for (const r of received) expect(r.map((m) => Buffer.from(m).toString('hex'))).toEqual(messages.map((m) => Buffer.from(m).toString('hex')));
    } finally {
      clients.forEach((c) => c.terminate());
      await new Promise((resolve) => wss.close(resolve));
    }
  });
});
