import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { articleFeed, rulebookFeed } from '../domain/feeds.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { ArticleParams } from '../../shared/validation/comments.js';

const ATOM = 'application/atom+xml; charset=utf-8';

/** Atom feeds of a rulebook (new amendments, decisions, releases) and of one article, for feed readers and other sites. */
export const feedRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['feeds'];
  const response = { 200: Type.String({ description: 'Atom 1.0 XML' }), '4xx': ErrorBody };

  app.get(
    '/api/rulebooks/:slug/feed.atom',
    { schema: { tags, summary: "A rulebook's Atom feed: new amendments, decisions (with reasons) and releases", params: SlugParams, response } },
    async (request, reply) => reply.type(ATOM).send(await rulebookFeed(app.domain, await findRulebook(app.domain, request.params.slug))),
  );

  app.get(
    '/api/rulebooks/:slug/articles/:articleId/feed.atom',
    { schema: { tags, summary: "An article's Atom feed: the amendments proposed on it and their decisions", params: ArticleParams, response } },
    async (request, reply) => reply.type(ATOM).send(await articleFeed(app.domain, await findRulebook(app.domain, request.params.slug), request.params.articleId)),
  );
};
