import fp from 'fastify-plugin';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { sessionUser } from '../domain/accounts.js';
import { SocketSupervisor } from '../sockets/supervisor.js';

declare module 'fastify' {
  interface FastifyInstance {
    /** Liveness, session binding and limits shared by the `/collab` and `/events` sockets. */
    sockets: SocketSupervisor;
  }
}

/**
 * Decorates the app with the socket supervisor, which checks sessions against the database and hears the other
 * instances' sign-outs; stops it on close.
 */
export const socketsPlugin = fp<{ pingIntervalMs: number; maxBufferedBytes: number }>(
  async (app, opts) => {
    const sessionIsOpen = async (token: string) => {
      try {
        return (await sessionUser(app.db, token)) !== null;
      } catch (err) {
        // A check that cannot read the database ends nobody's session; the next one tries again.
        app.log.error({ err }, 'could not check the session of open sockets');
        return true;
      }
    };
    const { fanout } = app;
    const sockets = new SocketSupervisor({ ...opts, sessionIsOpen, relay: fanout ? (signal) => fanout.publishSignal(signal) : undefined });
    fanout?.onSignal((signal) => sockets.hear(signal));
    app.decorate('sockets', sockets);
    app.addHook('onClose', async () => sockets.stop());
  },
  { name: 'sockets', dependencies: ['db'] },
);

/**
 * `@fastify/websocket` error handler: a broken frame (ws error codes `WS_ERR_*`) is the client's mistake, logged as
 * a throttled warning; anything else is our bug, logged as an error. Either way the socket is dropped.
 */
export function socketErrorHandler(this: FastifyInstance, error: Error, socket: WebSocket, request: Pick<FastifyRequest, 'log'>): void {
  if ((error as { code?: unknown }).code?.toString().startsWith('WS_ERR_')) {
    this.sockets.warnProtocolViolation(request.log, { err: error.message }, 'dropped a WebSocket that sent a broken frame');
  } else {
    request.log.error({ err: error }, 'WebSocket handler failed');
  }
  socket.terminate();
}
