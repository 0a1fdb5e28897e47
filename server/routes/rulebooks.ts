import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  findRulebook,
  insertRulebook,
  listMembers,
  listRulebooks,
  presentRulebook,
  setMembership,
} from '../domain/rulebooks.js';
import { getDraft, importDraft, initialiseDraft } from '../domain/draft.js';
import { applyRoleChange } from '../collab/socket.js';
import { setConsultationWindow } from '../domain/consultation.js';
import { listAudit, verifyAudit } from '../domain/audit.js';
import {
  AddMemberBody,
  AuditPage,
  AuditQuery,
  AuditVerification,
  PatchRulebookBody,
  CreateRulebookBody,
  DraftBody,
  ErrorBody,
  ImportDraftBody,
  MemberBody,
  RulebookBody,
  SlugParams,
} from '../../shared/validation/api.js';

/** Rulebooks, their members and their draft's JSON view and Markdown import. */
export const rulebookRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const errorsReply = { '4xx': ErrorBody };

  app.get(
    '/api/rulebooks',
    { schema: { tags: ['rulebooks'], summary: 'Every rulebook (public)', response: { 200: Type.Array(RulebookBody) } } },
    async (request) => listRulebooks(app.db, request.user),
  );

  app.post(
    '/api/rulebooks',
    { schema: { tags: ['rulebooks'], summary: 'Create a rulebook; you become its organiser', body: CreateRulebookBody, response: { 201: RulebookBody, ...errorsReply } } },
    async (request, reply) => {
      const rulebook = insertRulebook(app.db, request.user, request.body);
      initialiseDraft(app.docs, rulebook.id, rulebook.title);
      reply.code(201);
      return presentRulebook(app.db, rulebook, request.user);
    },
  );

  app.get(
    '/api/rulebooks/:slug',
    { schema: { tags: ['rulebooks'], summary: 'One rulebook (public)', params: SlugParams, response: { 200: RulebookBody, ...errorsReply } } },
    async (request) => presentRulebook(app.db, findRulebook(app.db, request.params.slug), request.user),
  );

  app.patch(
    '/api/rulebooks/:slug',
    { schema: { tags: ['rulebooks'], summary: 'Set or clear the consultation window (organisers only)', params: SlugParams, body: PatchRulebookBody, response: { 200: RulebookBody, ...errorsReply } } },
    async (request) => {
      const rulebook = findRulebook(app.db, request.params.slug);
      const toDate = (v: string | null | undefined) => (v == null ? v : new Date(v));
      const updated = setConsultationWindow(app.db, rulebook, request.user, { opensAt: toDate(request.body.opensAt), closesAt: toDate(request.body.closesAt) });
      app.events.publish(rulebook.id, { type: 'rulebook.changed', change: 'window' });
      return presentRulebook(app.db, updated, request.user);
    },
  );

  app.get(
    '/api/rulebooks/:slug/audit',
    { schema: { tags: ['audit'], summary: 'The audit log, oldest first, a page at a time (public)', params: SlugParams, querystring: AuditQuery, response: { 200: AuditPage, ...errorsReply } } },
    async (request) => listAudit(app.db, findRulebook(app.db, request.params.slug).id, request.query.after, request.query.limit),
  );

  app.get(
    '/api/rulebooks/:slug/audit/verify',
    { schema: { tags: ['audit'], summary: 'Recompute the hash chain of the audit log (public)', params: SlugParams, response: { 200: AuditVerification, ...errorsReply } } },
    async (request) => verifyAudit(app.db, findRulebook(app.db, request.params.slug).id),
  );

  app.get(
    '/api/rulebooks/:slug/members',
    { schema: { tags: ['rulebooks'], summary: 'Members and organisers (organisers only)', params: SlugParams, response: { 200: Type.Array(MemberBody), ...errorsReply } } },
    async (request) => {
      return listMembers(app.db, findRulebook(app.db, request.params.slug), request.user);
    },
  );

  app.post(
    '/api/rulebooks/:slug/members',
    { schema: { tags: ['rulebooks'], summary: 'Add a member or organiser, or change their role (organisers only)', params: SlugParams, body: AddMemberBody, response: { 200: MemberBody, ...errorsReply } } },
    async (request) => {
      const rulebook = findRulebook(app.db, request.params.slug);
      const member = setMembership(app.db, rulebook, request.user, request.body);
      applyRoleChange(app.docs, rulebook.id, member.userId, member.role);
      app.events.publish(rulebook.id, { type: 'rulebook.changed', change: 'members' });
      return member;
    },
  );

  app.get(
    '/api/rulebooks/:slug/draft',
    { schema: { tags: ['draft'], summary: 'The live draft as JSON (public)', params: SlugParams, response: { 200: DraftBody, ...errorsReply } } },
    async (request) => getDraft(app.docs, findRulebook(app.db, request.params.slug).id),
  );

  app.post(
    '/api/rulebooks/:slug/draft/import',
    { bodyLimit: 4 * 1024 * 1024, schema: { tags: ['draft'], summary: 'Replace the draft with rules written in Markdown (organisers only)', params: SlugParams, body: ImportDraftBody, response: { 200: DraftBody, ...errorsReply } } },
    async (request) => {
      return importDraft(app.db, app.docs, findRulebook(app.db, request.params.slug), request.user, request.body.markdown);
    },
  );
};
