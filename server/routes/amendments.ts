import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { eq } from 'drizzle-orm';
import { rulebooks } from '../db/schema.js';
import { findRulebook } from '../domain/rulebooks.js';
import { perPersonLimit } from '../plugins/auth.js';
import {
  amendmentDetail,
  editAmendment,
  findAmendment,
  listAmendments,
  loadAmendment,
  proposeAmendment,
  setSupport,
  withdrawAmendment,
} from '../domain/amendments.js';
import { decideAmendment } from '../domain/decisions.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import {
  type Amendment,
  AmendmentBody,
  AmendmentDetailBody,
  AmendmentListQuery,
  AmendmentParams,
  DecisionBody,
  EditAmendmentBody,
  ProposeAmendmentBody,
} from '../../shared/validation/amendments.js';

/** Amendment proposals: propose, list, read, edit, withdraw, support, and organisers' decisions. */
export const amendmentRoutes: FastifyPluginAsyncTypebox<{ postRateLimit: number }> = async (app, opts) => {
  const errorsReply = { '4xx': ErrorBody };
  const tags = ['amendments'];

  /** The amendment and its rulebook, from the `:id` of the URL. */
  const target = (id: string) => {
    const row = findAmendment(app.db, id);
    const rulebook = app.db.select().from(rulebooks).where(eq(rulebooks.id, row.rulebookId)).get()!;
    return { row, rulebook };
  };
  const announce = (rulebookId: string, amendment: Amendment, change: 'created' | 'edited' | 'withdrawn' | 'supported' | 'decided') =>
    app.events.publish(rulebookId, {
      type: 'amendment.changed',
      amendmentId: amendment.id,
      articleId: amendment.articleId,
      status: amendment.status,
      supportCount: amendment.supportCount,
      change,
    });

  app.get(
    '/api/rulebooks/:slug/amendments',
    { schema: { tags, summary: 'Amendments of a rulebook (public)', params: SlugParams, querystring: AmendmentListQuery, response: { 200: Type.Array(AmendmentBody), ...errorsReply } } },
    async (request) => listAmendments(app.db, app.docs, findRulebook(app.db, request.params.slug), request.user, request.query),
  );

  app.post(
    '/api/rulebooks/:slug/amendments',
    { config: perPersonLimit(opts.postRateLimit), schema: { tags, summary: 'Propose an amendment (signed in, while the consultation is open)', params: SlugParams, body: ProposeAmendmentBody, response: { 201: AmendmentBody, ...errorsReply } } },
    async (request, reply) => {
      const rulebook = findRulebook(app.db, request.params.slug);
      const id = proposeAmendment(app.db, app.docs, rulebook, request.user, request.body);
      const amendment = loadAmendment(app.db, app.docs, id, request.user);
      announce(rulebook.id, amendment, 'created');
      reply.code(201);
      return amendment;
    },
  );

  app.get(
    '/api/amendments/:id',
    { schema: { tags, summary: 'One amendment with its diffs, revisions and supporters (public)', params: AmendmentParams, response: { 200: AmendmentDetailBody, ...errorsReply } } },
    async (request) => amendmentDetail(app.db, app.docs, request.params.id, request.user),
  );

  app.patch(
    '/api/amendments/:id',
    { schema: { tags, summary: 'Edit your amendment while nobody supports it', params: AmendmentParams, body: EditAmendmentBody, response: { 200: AmendmentBody, ...errorsReply } } },
    async (request) => {
      const { row, rulebook } = target(request.params.id);
      editAmendment(app.db, rulebook, row, request.user, request.body);
      const amendment = loadAmendment(app.db, app.docs, row.id, request.user);
      announce(rulebook.id, amendment, 'edited');
      return amendment;
    },
  );

  app.post(
    '/api/amendments/:id/withdraw',
    { schema: { tags, summary: 'Withdraw your open amendment', params: AmendmentParams, response: { 200: AmendmentBody, ...errorsReply } } },
    async (request) => {
      const { row, rulebook } = target(request.params.id);
      withdrawAmendment(app.db, rulebook, row, request.user);
      const amendment = loadAmendment(app.db, app.docs, row.id, request.user);
      announce(rulebook.id, amendment, 'withdrawn');
      return amendment;
    },
  );

  for (const [method, support] of [['POST', true], ['DELETE', false]] as const) {
    app.route({
      method,
      url: '/api/amendments/:id/support',
      schema: { tags, summary: support ? 'Support an amendment (one per account)' : 'Stop supporting an amendment', params: AmendmentParams, response: { 200: AmendmentBody, ...errorsReply } },
      handler: async (request) => {
        const { row, rulebook } = target(request.params.id);
        setSupport(app.db, rulebook, row, request.user, support);
        const amendment = loadAmendment(app.db, app.docs, row.id, request.user);
        announce(rulebook.id, amendment, 'supported');
        return amendment;
      },
    });
  }

  app.post(
    '/api/amendments/:id/decision',
    { schema: { tags, summary: 'Accept (merging it into the draft) or reject an amendment, with a public reason (organisers)', params: AmendmentParams, body: DecisionBody, response: { 200: AmendmentBody, ...errorsReply } } },
    async (request) => {
      const { row, rulebook } = target(request.params.id);
      const { autoRejected } = decideAmendment(app.db, app.docs, rulebook, row, request.user, request.body);
      const decided = loadAmendment(app.db, app.docs, row.id, request.user);
      announce(rulebook.id, decided, 'decided');
      for (const id of autoRejected) announce(rulebook.id, loadAmendment(app.db, app.docs, id, request.user), 'decided');
      return decided;
    },
  );
};
