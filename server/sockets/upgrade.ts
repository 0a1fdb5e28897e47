import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { socketErrorHandler } from '../plugins/sockets.js';
import { tcpSocketOf } from './ws-internals.js';

/**
 * Let go of the HTTP upgrade request of a WebSocket that just opened (call first thing in its handler).
 * `@fastify/websocket` leaves the upgrade's `ServerResponse` attached to the TCP socket and handles socket errors
 * with a closure over the Fastify request and reply, so every open socket kept its whole request alive (headers,
 * cookies, request, reply, their listeners): about 3 KiB of heap per idle reader. Errors now reach the same
 * handler (`socketErrorHandler`) with the request's logger only.
 */
export function releaseUpgradeRequest(app: FastifyInstance, socket: WebSocket, request: FastifyRequest): void {
  const tcp = tcpSocketOf(socket);
  if (tcp) tcp._httpMessage?.detachSocket(tcp);
  const { log } = request;
  for (const listener of socket.listeners('error')) socket.off('error', listener as (err: Error) => void);
  socket.on('error', (error: Error) => socketErrorHandler.call(app, error, socket, { log }));
}
