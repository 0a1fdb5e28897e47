import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { eq } from 'drizzle-orm';
import { rulebooks } from '../db/schema.js';
import { CloseCode, closeReason } from '../../shared/protocol.js';
import { SlugParams } from '../../shared/validation/api.js';

/**
 * `GET /events/:slug` (WebSocket): a one-way stream of `RulebookEvent` JSON messages for everyone viewing a
 * rulebook. Events name what changed; the page refetches it through the public API, so the stream itself
 * carries nothing a reader could not read anyway. Anything a client sends closes its socket.
 */
export const eventRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/events/:slug', { websocket: true, schema: { hide: true, params: SlugParams } }, (socket, request) => {
    socket.on('message', () => socket.close(CloseCode.malformedMessage, closeReason[CloseCode.malformedMessage]));
    const rulebook = app.db.select({ id: rulebooks.id }).from(rulebooks).where(eq(rulebooks.slug, request.params.slug)).get();
    if (!rulebook) {
      socket.close(CloseCode.rulebookNotFound, closeReason[CloseCode.rulebookNotFound]);
      return;
    }
    const unsubscribe = app.events.subscribe(rulebook.id, (event) => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(event));
    });
    socket.on('close', unsubscribe);
  });
};
