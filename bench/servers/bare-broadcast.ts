// The floor of the live-reader benchmark, on PORT: the least a Node server can do to deliver an edit. It speaks the
// y-websocket sync protocol (the document name is the URL path) over `ws`, keeps each document in memory, and
// sends every update as one WebSocket frame built once (as Amendo does) and written to each reader's TCP socket. No
// persistence, presence, authorisation or limits: what is left of a broadcast is Yjs and the kernel's writes.
import { createServer } from 'node:http';
import { WebSocketServer, type WebSocket } from 'ws';
import * as Y from 'yjs';
import * as decoding from 'lib0/decoding';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { binaryFrame } from '../../server/sockets/framed-send.js';

const port = Number(process.env.PORT ?? 1234);
const host = process.env.HOST ?? '127.0.0.1';
const MESSAGE_SYNC = 0;

interface Room {
  doc: Y.Doc;
  readers: Set<WebSocket>;
}
const rooms = new Map<string, Room>();

function roomOf(name: string): Room {
  let room = rooms.get(name);
  if (room) return room;
  const doc = new Y.Doc();
  const readers = new Set<WebSocket>();
  room = { doc, readers };
  doc.on('update', (update: Uint8Array, origin: unknown) => {
    const encoder = encoding.createEncoder();
    encoding.writeVarUint(encoder, MESSAGE_SYNC);
    syncProtocol.writeUpdate(encoder, update);
    const bytes = binaryFrame(encoding.toUint8Array(encoder));
    for (const ws of readers) if (ws !== origin) (ws as unknown as { _socket: { write(b: Buffer): void } })._socket.write(bytes);
  });
  rooms.set(name, room);
  return room;
}

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' });
  res.end('ok');
});
const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) =>
  wss.handleUpgrade(req, socket, head, (ws) => {
    const room = roomOf((req.url ?? '/').slice(1).split('?')[0]!);
    room.readers.add(ws);
    ws.on('close', () => room.readers.delete(ws));
    ws.on('message', (data: Buffer) => {
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
      if (decoding.readVarUint(decoder) !== MESSAGE_SYNC) return;
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, MESSAGE_SYNC);
      syncProtocol.readSyncMessage(decoder, encoder, room.doc, ws);
      if (encoding.length(encoder) > 1) ws.send(encoding.toUint8Array(encoder));
    });
    const step1 = encoding.createEncoder();
    encoding.writeVarUint(step1, MESSAGE_SYNC);
    syncProtocol.writeSyncStep1(step1, room.doc);
    ws.send(encoding.toUint8Array(step1));
  }),
);
server.listen(port, host);
