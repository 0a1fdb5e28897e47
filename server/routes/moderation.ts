import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { keepComment, moderationQueue, restoreComment, setAutoHide, waitingCount } from '../domain/moderation.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { CommentBody, CommentParams } from '../../shared/validation/comments.js';
import {
  KeepCommentBody,
  ModerationCountBody,
  ModerationQueueBody,
  ModerationSettingsBody,
  ModerationSettingsReply,
  RestoreCommentBody,
} from '../../shared/validation/moderation.js';

/** The organisers' moderation queue: reported and hidden comments, restore, keep, and the automatic-hide setting. */
export const moderationRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const errorsReply = { '4xx': ErrorBody };
  const tags = ['moderation'];

  app.get(
    '/api/rulebooks/:slug/moderation',
    { schema: { tags, summary: 'Reported comments waiting, with report counts and reasons (never reporters), and hidden ones (organisers only)', params: SlugParams, response: { 200: ModerationQueueBody, ...errorsReply } } },
    async (request) => moderationQueue(app.domain, await findRulebook(app.domain, request.params.slug), request.user),
  );

  app.get(
    '/api/rulebooks/:slug/moderation/count',
    { schema: { tags, summary: 'How many reported comments wait for an organiser (organisers only)', params: SlugParams, response: { 200: ModerationCountBody, ...errorsReply } } },
    async (request) => ({ waiting: await waitingCount(app.domain, await findRulebook(app.domain, request.params.slug), request.user) }),
  );

  app.patch(
    '/api/rulebooks/:slug/moderation/settings',
    { schema: { tags, summary: 'Hide comments automatically after N reports, or never (organisers only; audited)', params: SlugParams, body: ModerationSettingsBody, response: { 200: ModerationSettingsReply, ...errorsReply } } },
    async (request) => setAutoHide(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.body.autoHideAfter || null),
  );

  app.post(
    '/api/comments/:id/restore',
    { schema: { tags, summary: 'Show a hidden comment again, giving a public reason (organisers only)', params: CommentParams, body: RestoreCommentBody, response: { 200: CommentBody, ...errorsReply } } },
    async (request) => restoreComment(app.domain, request.user, request.params.id, request.body.reason),
  );

  app.post(
    '/api/comments/:id/keep',
    { schema: { tags, summary: 'Leave a reported comment visible and take it out of the queue (organisers only)', params: CommentParams, body: KeepCommentBody, response: { 200: CommentBody, ...errorsReply } } },
    async (request) => keepComment(app.domain, request.user, request.params.id, request.body.reason),
  );
};
