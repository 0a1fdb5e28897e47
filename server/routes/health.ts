import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { databaseAnswers } from '../db/ping.js';

/** How long the database has to answer the health check's `select 1` before it counts as down. */
const DATABASE_TIMEOUT_MS = 2000;

/** The health check's answer: `ok` while the database answers and nothing listed in `degraded` is failing. */
const HealthBody = Type.Object({
  ok: Type.Boolean(),
  /** Whether the database answers (`select 1`): `down` fails the check, since this instance can then serve nothing. */
  database: Type.Union([Type.Literal('up'), Type.Literal('down')]),
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

/**
 * `GET /api/health`: 200 `{ ok: true, database: 'up', redis, degraded: [] }`, or 503 with `ok: false` while the database
 * does not answer or a draft cannot be stored.
 */
export const healthRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get('/api/health', { schema: { hide: true, response: { 200: HealthBody, 503: HealthBody } } }, async (_request, reply) => {
    const database = (await databaseAnswers(app.db, DATABASE_TIMEOUT_MS)) ? 'up' : 'down';
    const degraded = app.docs.storageFailures().map((f) => ({
      check: 'draft_storage' as const,
      rulebookId: f.rulebookId,
      since: f.since.toISOString(),
      attempts: f.attempts,
      unwrittenBytes: f.unwrittenBytes,
    }));
    const ok = database === 'up' && degraded.length === 0;
    reply.code(ok ? 200 : 503);
    const redis = !app.fanout ? 'off' : app.fanout.connected ? 'up' : 'down';
    return { ok, database, redis, degraded } as const;
  });
};
