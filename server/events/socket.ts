import { first } from '../db/handle.js';
import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { rulebooks } from '../db/schema.js';
import { CloseCode, closeReason } from '../../shared/protocol.js';
import { SlugParams } from '../../shared/validation/api.js';
import { releaseUpgradeRequest } from '../sockets/upgrade.js';

/**
 * `GET /events/:slug` (WebSocket): a one-way stream of `RulebookEvent` JSON messages for everyone viewing a
 * rulebook. Events name what changed; the page refetches it through the public API, so the stream itself
 * carries nothing a reader could not read anyway. Anything a client sends closes its socket; so do a failed
 * liveness check, a client too slow to read, and the end of the session it was opened with.
 */
export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/events/:slug', { websocket: true, schema: { hide: true, params: SlugParams } }, async (socket, request) => {
    releaseUpgradeRequest(app, socket, request);
    const rulebook = first(await app.db.select({ id: rulebooks.id }).from(rulebooks).where(eq(rulebooks.slug, request.params.slug)));
    if (!rulebook) {
      socket.close(CloseCode.rulebookNotFound, closeReason[CloseCode.rulebookNotFound]);
      return;
    }
    const unsubscribe = app.events.subscribe(rulebook.id, (_event, json) => {
      if (socket.readyState !== socket.OPEN) return;
      if (app.sockets.isSlow(socket)) close(CloseCode.slowConsumer);
      else socket.send(json);
    });
    const close = app.sockets.supervise(socket, request.user ? request.sessionToken : undefined, unsubscribe);
    socket.on('message', () => close(CloseCode.malformedMessage));
  });
};
