import type { Socket } from 'node:net';
import type { WebSocket } from 'ws';

/** The parts of a `ws` 8 socket this app reads that its types do not declare. */
interface WsInternals {
  _socket?: Socket & { _httpMessage?: { detachSocket(socket: Socket): void } | null };
  _sender?: { _state: number; _queue: unknown[] };
}

/** The TCP socket under a WebSocket (gone once it closed). */
export function tcpSocketOf(socket: WebSocket) {
  return (socket as unknown as WsInternals)._socket;
}

/** Whether a WebSocket's sender holds nothing back (no compression or blob in progress, nothing queued). */
export function senderIsIdle(socket: WebSocket): boolean {
  const sender = (socket as unknown as WsInternals)._sender;
  return sender?._state === 0 && sender._queue.length === 0;
}
