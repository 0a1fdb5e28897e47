import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { perPersonLimit } from '../plugins/auth.js';
import { commentOnAmendment, countComments, createComment, deleteComment, editComment, listAmendmentComments, listArticleComments } from '../domain/comments.js';
import { hideComment, reportComment } from '../domain/moderation.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import {
  ArticleParams,
  CommentBody,
  CommentCountsBody,
  CommentParams,
  CreateCommentBody,
  EditCommentBody,
  HideCommentBody,
  ReportCommentBody,
} from '../../shared/validation/comments.js';

/** Comments on articles and in amendments' threads: read them (public), write, edit and delete one's own, hide (organisers) and report. */
export const commentRoutes: FastifyPluginAsyncTypebox<{ postRateLimit: number }> = async (app, opts) => {
  const errorsReply = { '4xx': ErrorBody };

  app.get(
    '/api/rulebooks/:slug/articles/:articleId/comments',
    { config: { readCache: true }, schema: { tags: ['comments'], summary: "An article's comments, oldest first (public)", params: ArticleParams, response: { 200: Type.Array(CommentBody), ...errorsReply } } },
    async (request) => listArticleComments(app.domain, await findRulebook(app.domain, request.params.slug), request.params.articleId, request.user),
  );

  app.get(
    '/api/rulebooks/:slug/comments/counts',
    { config: { readCache: true }, schema: { tags: ['comments'], summary: 'How many comments each article has (public)', params: SlugParams, response: { 200: CommentCountsBody, ...errorsReply } } },
    async (request) => ({ counts: await countComments(app.domain, await findRulebook(app.domain, request.params.slug)) }),
  );

  app.post(
    '/api/rulebooks/:slug/articles/:articleId/comments',
    { config: perPersonLimit(opts.postRateLimit), schema: { tags: ['comments'], summary: 'Comment on an article, reply, or quote a passage (while the consultation is open)', params: ArticleParams, body: CreateCommentBody, response: { 201: CommentBody, ...errorsReply } } },
    async (request, reply) => {
      const comment = await createComment(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.params.articleId, request.body);
      reply.code(201);
      return comment;
    },
  );

  // No read cache here: it is keyed by a rulebook's slug, which these paths do not have.
  app.get(
    '/api/amendments/:id/comments',
    { schema: { tags: ['comments'], summary: "An amendment's thread, oldest first (public)", params: CommentParams, response: { 200: Type.Array(CommentBody), ...errorsReply } } },
    async (request) => listAmendmentComments(app.domain, request.params.id, request.user),
  );

  app.post(
    '/api/amendments/:id/comments',
    { config: perPersonLimit(opts.postRateLimit), schema: { tags: ['comments'], summary: "Comment in an amendment's thread, reply, or quote its proposed wording (while the consultation is open)", params: CommentParams, body: CreateCommentBody, response: { 201: CommentBody, ...errorsReply } } },
    async (request, reply) => {
      const comment = await commentOnAmendment(app.domain, request.params.id, request.user, request.body);
      reply.code(201);
      return comment;
    },
  );

  app.patch(
    '/api/comments/:id',
    { config: perPersonLimit(opts.postRateLimit), schema: { tags: ['comments'], summary: 'Edit your comment', params: CommentParams, body: EditCommentBody, response: { 200: CommentBody, ...errorsReply } } },
    async (request) => editComment(app.domain, request.user, request.params.id, request.body.body),
  );

  app.delete(
    '/api/comments/:id',
    { schema: { tags: ['comments'], summary: 'Delete your comment; its replies stay', params: CommentParams, response: { 204: Type.Null(), ...errorsReply } } },
    async (request, reply) => {
      await deleteComment(app.domain, request.user, request.params.id);
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/comments/:id/hide',
    { schema: { tags: ['comments'], summary: "Hide a comment's text, giving a public reason (organisers only)", params: CommentParams, body: HideCommentBody, response: { 200: CommentBody, ...errorsReply } } },
    async (request) => hideComment(app.domain, request.user, request.params.id, request.body.reason),
  );

  app.post(
    '/api/comments/:id/report',
    { schema: { tags: ['comments'], summary: 'Report a comment to the organisers, once', params: CommentParams, body: ReportCommentBody, response: { 204: Type.Null(), ...errorsReply } } },
    async (request, reply) => {
      await reportComment(app.domain, request.user, request.params.id, request.body.reason);
      reply.code(204);
      return null;
    },
  );
};
