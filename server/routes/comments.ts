import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { perPersonLimit } from '../plugins/auth.js';
import {
  countComments,
  createComment,
  deleteComment,
  editComment,
  hideComment,
  listArticleComments,
  reportComment,
  type CommentChange,
} from '../domain/comments.js';
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

/** Comments on articles: read them (public), write, edit and delete one's own, hide (organisers) and report. */
export const commentRoutes: FastifyPluginAsyncTypebox<{ postRateLimit: number }> = async (app, opts) => {
  const errorsReply = { '4xx': ErrorBody };
  const announce = ({ rulebookId, comment }: CommentChange, change: 'created' | 'edited' | 'deleted' | 'hidden') => {
    app.events.publish(rulebookId, { type: 'comment.changed', articleId: comment.articleId, commentId: comment.id, change });
    return comment;
  };

  app.get(
    '/api/rulebooks/:slug/articles/:articleId/comments',
    { schema: { tags: ['comments'], summary: "An article's comments, oldest first (public)", params: ArticleParams, response: { 200: Type.Array(CommentBody), ...errorsReply } } },
    async (request) => listArticleComments(app, findRulebook(app.db, request.params.slug), request.params.articleId, request.user),
  );

  app.get(
    '/api/rulebooks/:slug/comments/counts',
    { schema: { tags: ['comments'], summary: 'How many comments each article has (public)', params: SlugParams, response: { 200: CommentCountsBody, ...errorsReply } } },
    async (request) => ({ counts: countComments(app.db, findRulebook(app.db, request.params.slug)) }),
  );

  app.post(
    '/api/rulebooks/:slug/articles/:articleId/comments',
    { config: perPersonLimit(opts.postRateLimit), schema: { tags: ['comments'], summary: 'Comment on an article, reply, or quote a passage (while the consultation is open)', params: ArticleParams, body: CreateCommentBody, response: { 201: CommentBody, ...errorsReply } } },
    async (request, reply) => {
      const rulebook = findRulebook(app.db, request.params.slug);
      const change = createComment(app, rulebook, request.user, request.params.articleId, request.body);
      reply.code(201);
      return announce(change, 'created');
    },
  );

  app.patch(
    '/api/comments/:id',
    { schema: { tags: ['comments'], summary: 'Edit your comment', params: CommentParams, body: EditCommentBody, response: { 200: CommentBody, ...errorsReply } } },
    async (request) => announce(editComment(app, request.user, request.params.id, request.body.body), 'edited'),
  );

  app.delete(
    '/api/comments/:id',
    { schema: { tags: ['comments'], summary: 'Delete your comment; its replies stay', params: CommentParams, response: { 204: Type.Null(), ...errorsReply } } },
    async (request, reply) => {
      announce(deleteComment(app, request.user, request.params.id), 'deleted');
      reply.code(204);
      return null;
    },
  );

  app.post(
    '/api/comments/:id/hide',
    { schema: { tags: ['comments'], summary: "Hide a comment's text, giving a public reason (organisers only)", params: CommentParams, body: HideCommentBody, response: { 200: CommentBody, ...errorsReply } } },
    async (request) => announce(hideComment(app, request.user, request.params.id, request.body.reason), 'hidden'),
  );

  app.post(
    '/api/comments/:id/report',
    { schema: { tags: ['comments'], summary: 'Report a comment to the organisers, once', params: CommentParams, body: ReportCommentBody, response: { 204: Type.Null(), ...errorsReply } } },
    async (request, reply) => {
      reportComment(app, request.user, request.params.id, request.body.reason);
      reply.code(204);
      return null;
    },
  );
};
