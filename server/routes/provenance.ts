import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { rulebookProvenance } from '../domain/provenance.js';
import { REVALIDATE } from '../plugins/http-cache.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { ProvenanceBody, ProvenanceQuery } from '../../shared/validation/provenance.js';

/** Provenance ("blame"): where each run of a version's text came from. */
export const provenanceRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/rulebooks/:slug/provenance',
    {
      config: { readCache: true },
      schema: {
        tags: ['releases'],
        summary: 'Each article of a version (a release, or `draft`, the default) with the origin of each run of its text (public)',
        params: SlugParams,
        querystring: ProvenanceQuery,
        response: { 200: ProvenanceBody, '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      // A release's text never changes, but what is known of its amendments may (supports shown at the close).
      reply.header('cache-control', REVALIDATE);
      const rulebook = await findRulebook(app.domain, request.params.slug);
      return rulebookProvenance(app.domain, rulebook, request.query.version ?? 'draft', request.user);
    },
  );
};
