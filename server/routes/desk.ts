import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { organiserDesk } from '../domain/desk.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { DeskBody } from '../../shared/validation/desk.js';

/** The organiser's overview: what waits for an answer in a rulebook's consultation. */
export const deskRoutes: FastifyPluginAsyncTypebox = async (app) => {
  app.get(
    '/api/rulebooks/:slug/desk',
    {
      schema: {
        tags: ['moderation'],
        summary: 'Days left, open amendments per article, those owed an answer, unanswered threads and the moderation queue size (organisers only)',
        params: SlugParams,
        response: { 200: DeskBody, '4xx': ErrorBody },
      },
    },
    async (request) => organiserDesk(app.domain, await findRulebook(app.domain, request.params.slug), request.user),
  );
};
