import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { perPersonLimit } from '../plugins/auth.js';
import { amendmentDetail, editAmendment, listAmendments, proposeAmendment, withdrawAmendment } from '../domain/amendments.js';
import { setSupport } from '../domain/supports.js';
import { decideAmendment } from '../domain/decisions.js';
import { competingAmendments } from '../domain/amendment-compare.js';
import { cosignAmendment, fileAmendment, setCosignThreshold } from '../domain/cosigning.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import {
  AmendmentBody,
  AmendmentDetailBody,
  AmendmentListQuery,
  AmendmentParams,
  CompetingAmendmentsBody,
  CosignThresholdBody,
  CosignThresholdReply,
  DecisionBody,
  EditAmendmentBody,
  ProposeAmendmentBody,
} from '../../shared/validation/amendments.js';

/** Amendment proposals: propose, list, read, edit, withdraw, support, and organisers' decisions. */
export const amendmentRoutes: FastifyPluginAsyncTypebox<{ postRateLimit: number }> = async (app, opts) => {
  const errorsReply = { '4xx': ErrorBody };
  const tags = ['amendments'];

  app.get(
    '/api/rulebooks/:slug/amendments',
    { config: { readCache: true }, schema: { tags, summary: 'Amendments of a rulebook (public)', params: SlugParams, querystring: AmendmentListQuery, response: { 200: Type.Array(AmendmentBody), ...errorsReply } } },
    async (request) => listAmendments(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.query),
  );

  app.post(
    '/api/rulebooks/:slug/amendments',
    { config: perPersonLimit(opts.postRateLimit), schema: { tags, summary: 'Propose an amendment (signed in, while the consultation is open)', params: SlugParams, body: ProposeAmendmentBody, response: { 201: AmendmentBody, ...errorsReply } } },
    async (request, reply) => {
      const amendment = await proposeAmendment(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.body);
      reply.code(201);
      return amendment;
    },
  );

  app.get(
    '/api/amendments/:id',
    { schema: { tags, summary: 'One amendment with its diffs, revisions and supporters (public)', params: AmendmentParams, response: { 200: AmendmentDetailBody, ...errorsReply } } },
    async (request) => amendmentDetail(app.domain, request.params.id, request.user),
  );

  app.get(
    '/api/amendments/:id/competing',
    { schema: { tags, summary: 'The open amendments on the same article, each as the change it would make now (public)', params: AmendmentParams, response: { 200: CompetingAmendmentsBody, ...errorsReply } } },
    async (request) => competingAmendments(app.domain, request.params.id, request.user),
  );

  app.patch(
    '/api/amendments/:id',
    { config: perPersonLimit(opts.postRateLimit), schema: { tags, summary: 'Edit your amendment while nobody supports it', params: AmendmentParams, body: EditAmendmentBody, response: { 200: AmendmentBody, ...errorsReply } } },
    async (request) => editAmendment(app.domain, request.params.id, request.user, request.body),
  );

  app.post(
    '/api/amendments/:id/withdraw',
    { schema: { tags, summary: 'Withdraw your open amendment', params: AmendmentParams, response: { 200: AmendmentBody, ...errorsReply } } },
    async (request) => withdrawAmendment(app.domain, request.params.id, request.user),
  );

  // One route for both directions, so that supporting and withdrawing draw on one per-person limit.
  app.route({
    method: ['POST', 'DELETE'],
    url: '/api/amendments/:id/support',
    config: perPersonLimit(opts.postRateLimit),
    schema: { tags, summary: 'Support an amendment, one per account (POST), or stop supporting it (DELETE)', params: AmendmentParams, response: { 200: AmendmentBody, ...errorsReply } },
    handler: async (request) => setSupport(app.domain, request.params.id, request.user, request.method === 'POST'),
  });

  app.post(
    '/api/amendments/:id/decision',
    { schema: { tags, summary: 'Accept (merging it into the draft) or reject an amendment, with a public reason (organisers)', params: AmendmentParams, body: DecisionBody, response: { 200: AmendmentBody, ...errorsReply } } },
    async (request) => decideAmendment(app.domain, request.params.id, request.user, request.body),
  );

  app.post(
    '/api/amendments/:id/file',
    { schema: { tags, summary: 'File your draft amendment: it gets its number and joins the public lists and the history', params: AmendmentParams, response: { 200: AmendmentBody, ...errorsReply } } },
    async (request) => fileAmendment(app.domain, request.params.id, request.user),
  );

  app.post(
    '/api/amendments/:id/cosign',
    { config: perPersonLimit(opts.postRateLimit), schema: { tags, summary: "Co-sign someone else's draft or open amendment, once per account", params: AmendmentParams, response: { 200: AmendmentBody, ...errorsReply } } },
    async (request) => cosignAmendment(app.domain, request.params.id, request.user),
  );

  app.put(
    '/api/rulebooks/:slug/cosigning',
    { schema: { tags, summary: 'Set how many co-signers oblige the organisers to answer an amendment before the consultation closes (organisers)', params: SlugParams, body: CosignThresholdBody, response: { 200: CosignThresholdReply, ...errorsReply } } },
    async (request) => setCosignThreshold(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.body.threshold || null),
  );
};
