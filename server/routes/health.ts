import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';

/** The health check's answer: `ok` unless something listed in `degraded` is failing. */
const HealthBody = Type.Object({
  ok: Type.Boolean(),
  /**
   * Redis, when instances share one: `down` slows what crosses between instances to the database's read-back (about a
   * second) but loses nothing, so it does not fail the check (every instance would leave the load balancer at once).
   */
  redis: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('off')]),
  degraded: Type.Array(
    Type.Object({
      /** What is failing: `draft_storage` is a live draft whose edits cannot be written (they are held and retried). */
      check: Type.Literal('draft_storage'),
      rulebookId: Type.String(),
      since: Type.String({ format: 'date-time' }),
      attempts: Type.Integer(),
      unwrittenBytes: Type.Integer(),
    }),
  ),
});

/** `GET /api/health`: 200 `{ ok: true, redis, degraded: [] }`, or 503 `{ ok: false, redis, degraded }` while a draft cannot be stored. */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/health', { schema: { hide: true, response: { 200: HealthBody, 503: HealthBody } } }, async (_request, reply) => {
    const degraded = app.docs.storageFailures().map((f) => ({
      check: 'draft_storage' as const,
      rulebookId: f.rulebookId,
      since: f.since.toISOString(),
      attempts: f.attempts,
      unwrittenBytes: f.unwrittenBytes,
    }));
    reply.code(degraded.length ? 503 : 200);
    const redis = !app.fanout ? 'off' : app.fanout.connected ? 'up' : 'down';
    return { ok: degraded.length === 0, redis, degraded } as const;
  });
};
