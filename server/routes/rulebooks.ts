import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { createRulebook, findRulebook, listRulebooks, presentRulebook } from '../domain/rulebooks.js';
import { getDraft, importDraft } from '../domain/draft.js';
import { setConsultationWindow } from '../domain/consultation.js';
import { listAudit, verifyAudit } from '../domain/audit.js';
import {
  AuditPage,
  AuditQuery,
  AuditVerification,
  PatchRulebookBody,
  CreateRulebookBody,
  DraftBody,
  ErrorBody,
  ImportDraftBody,
  RulebookBody,
  SlugParams,
} from '../../shared/validation/api.js';

/** Rulebooks, their audit log and their draft's JSON view and Markdown import (members: `routes/members.ts`). */
export const rulebookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const errorsReply = { '4xx': ErrorBody };

  app.get(
    '/api/rulebooks',
    { schema: { tags: ['rulebooks'], summary: 'Every rulebook (public)', response: { 200: Type.Array(RulebookBody) } } },
    async (request) => listRulebooks(app.domain, request.user),
  );

  app.post(
    '/api/rulebooks',
    { schema: { tags: ['rulebooks'], summary: 'Create a rulebook; you become its organiser', body: CreateRulebookBody, response: { 201: RulebookBody, ...errorsReply } } },
    async (request, reply) => {
      const rulebook = await createRulebook(app.domain, request.user, request.body);
      reply.code(201);
      return presentRulebook(app.domain, rulebook, request.user);
    },
  );

  app.get(
    '/api/rulebooks/:slug',
    { config: { readCache: true }, schema: { tags: ['rulebooks'], summary: 'One rulebook (public)', params: SlugParams, response: { 200: RulebookBody, ...errorsReply } } },
    async (request) => presentRulebook(app.domain, await findRulebook(app.domain, request.params.slug), request.user),
  );

  app.patch(
    '/api/rulebooks/:slug',
    { schema: { tags: ['rulebooks'], summary: 'Set or clear the consultation window (organisers only)', params: SlugParams, body: PatchRulebookBody, response: { 200: RulebookBody, ...errorsReply } } },
    async (request) => {
      const rulebook = await findRulebook(app.domain, request.params.slug);
      const toDate = (v: string | null | undefined) => (v == null ? v : new Date(v));
      const updated = await setConsultationWindow(app.domain, rulebook, request.user, { opensAt: toDate(request.body.opensAt), closesAt: toDate(request.body.closesAt) });
      return presentRulebook(app.domain, updated, request.user);
    },
  );

  app.get(
    '/api/rulebooks/:slug/audit',
    { config: { readCache: true }, schema: { tags: ['audit'], summary: 'The audit log, oldest first, a page at a time (public)', params: SlugParams, querystring: AuditQuery, response: { 200: AuditPage, ...errorsReply } } },
    async (request) => listAudit(app.domain, (await findRulebook(app.domain, request.params.slug)).id, request.query.after, request.query.limit),
  );

  app.get(
    '/api/rulebooks/:slug/audit/verify',
    { config: { readCache: true }, schema: { tags: ['audit'], summary: 'Recompute the hash chain of the audit log (public)', params: SlugParams, response: { 200: AuditVerification, ...errorsReply } } },
    async (request) => verifyAudit(app.domain, (await findRulebook(app.domain, request.params.slug)).id),
  );

  app.get(
    '/api/rulebooks/:slug/draft',
    { config: { readCache: true }, schema: { tags: ['draft'], summary: 'The live draft as JSON (public)', params: SlugParams, response: { 200: DraftBody, ...errorsReply } } },
    async (request) => getDraft(app.domain, (await findRulebook(app.domain, request.params.slug)).id),
  );

  app.post(
    '/api/rulebooks/:slug/draft/import',
    { bodyLimit: 4 * 1024 * 1024, schema: { tags: ['draft'], summary: 'Replace the draft with rules written in Markdown (organisers only)', params: SlugParams, body: ImportDraftBody, response: { 200: DraftBody, ...errorsReply } } },
    async (request) => {
      const { markdown, references = false } = request.body;
      return importDraft(app.domain, await findRulebook(app.domain, request.params.slug), request.user, markdown, { references });
    },
  );
};
