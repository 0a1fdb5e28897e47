import type { WebSocket } from 'ws';
import { senderIsIdle, tcpSocketOf } from './ws-internals.js';

/** Messages up to this size are framed once and the frame shared by every socket they go to; larger ones are not copied. */
const SHARED_FRAME_MAX_BYTES = 64 * 1024;

/** The frame built for each message (while the message lives): a broadcast frames its message once. */
const frames = new WeakMap<Uint8Array, Buffer>();

/** A final, unmasked binary WebSocket frame carrying `message`, as a server sends it (RFC 6455 §5.2). */
export function binaryFrame(message: Uint8Array): Buffer {
  const n = message.byteLength;
  const header = n < 126 ? 2 : n < 65536 ? 4 : 10;
  const frame = Buffer.allocUnsafe(header + n);
  frame[0] = 0x82; // FIN, opcode 2 (binary)
  if (n < 126) {
    frame[1] = n;
  } else if (n < 65536) {
    frame[1] = 126;
    frame.writeUInt16BE(n, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(n), 2);
  }
  frame.set(message, header);
  return frame;
}

/**
 * Send a binary message on an open WebSocket. A small message is framed once however many sockets it goes to, and
 * that one buffer written to each TCP socket: one write per peer, without `ws` building a header, options and a
 * write list for each. When the socket's `ws` sender holds something back (never without compression), or the
 * message is large, `ws` sends it, in order.
 */
export function sendBinary(socket: WebSocket, message: Uint8Array): void {
  const tcp = tcpSocketOf(socket);
  if (message.byteLength > SHARED_FRAME_MAX_BYTES || !tcp?.writable || !senderIsIdle(socket)) {
    socket.send(message, { binary: true });
    return;
  }
  let frame = frames.get(message);
  if (!frame) frames.set(message, (frame = binaryFrame(message)));
  tcp.write(frame);
}
