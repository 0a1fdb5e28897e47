import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { citeArticle } from '../domain/citations.js';
import { REVALIDATE } from '../plugins/http-cache.js';
import { ErrorBody } from '../../shared/validation/api.js';
import { CitationBody, CitationParams } from '../../shared/validation/citations.js';

/** Stable citations: one article of one version, found by its id whatever its number, and what became of it. */
export const citationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/rulebooks/:slug/citations/:version/:articleId',
    {
      config: { readCache: true },
      schema: {
        tags: ['releases'],
        summary: 'One article of a version (a release, or `draft`), its numbered paragraphs and its fate in later versions (public)',
        params: CitationParams,
        response: { 200: CitationBody, '4xx': ErrorBody },
      },
    },
    async (request, reply) => {
      // A release's text never changes, but its article's later fate does (a new release, the draft).
      reply.header('cache-control', REVALIDATE);
      const { slug, version, articleId } = request.params;
      return (await citeArticle(app.domain, await findRulebook(app.domain, slug), version, articleId)).citation;
    },
  );
};
