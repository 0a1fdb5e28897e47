import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findRulebook, leaveRulebook, listMembers, presentRulebook, setParticipation } from '../domain/rulebooks.js';
import { acceptInvitation, inviteToRulebook, listInvitations, previewInvitation, removeMember, revokeInvitation, signUpWithInvitation } from '../domain/invitations.js';
import { perPersonLimit } from '../plugins/auth.js';
import { AddMemberBody, ErrorBody, MemberBody, ParticipationBody, RulebookBody, SlugParams } from '../../shared/validation/api.js';
import { AccountBody } from '../../shared/validation/account.js';
import {
  InvitationAccepted,
  InvitationBody,
  InvitationParams,
  InvitationPreview,
  InvitationSignUpBody,
  InvitationTokenBody,
  MemberParams,
} from '../../shared/validation/invitations.js';

/** The same answer whether or not an account uses the address, so the route cannot be used to probe for them. */
const InvitationRequested = Type.Object({ status: Type.Literal('accepted') });

/**
 * Who takes part in a rulebook: its members (listed, removed, leaving), invitations (sent by mail, listed,
 * revoked, accepted signed in or by signing up through the link) and its participation policy.
 */
export const memberRoutes: FastifyPluginAsyncTypebox<{ postRateLimit: number; authRateLimit: number }> = async (app, opts) => {
  const errorsReply = { '4xx': ErrorBody };
  const tags = ['members'];

  app.get(
    '/api/rulebooks/:slug/members',
    { schema: { tags, summary: 'Members and organisers (organisers only)', params: SlugParams, response: { 200: Type.Array(MemberBody), ...errorsReply } } },
    async (request) => listMembers(app.domain, await findRulebook(app.domain, request.params.slug), request.user),
  );

  app.post(
    '/api/rulebooks/:slug/members',
    {
      config: perPersonLimit(opts.postRateLimit),
      schema: {
        tags,
        summary:
          "Invite an address with a role (organisers only): a single-use link is mailed whether or not an account uses it; a member's address changes their role. The answer is always the same",
        params: SlugParams,
        body: AddMemberBody,
        response: { 202: InvitationRequested, ...errorsReply },
      },
    },
    async (request, reply) => {
      await inviteToRulebook(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.body);
      return reply.code(202).send({ status: 'accepted' });
    },
  );

  app.delete(
    '/api/rulebooks/:slug/members/:userId',
    { schema: { tags, summary: 'Remove a member or organiser (organisers only; not the last organiser), recorded in the audit log', params: MemberParams, response: { 204: Type.Null(), ...errorsReply } } },
    async (request, reply) => {
      await removeMember(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.params.userId);
      return reply.code(204).send(null);
    },
  );

  app.delete(
    '/api/rulebooks/:slug/membership',
    { schema: { tags, summary: 'Leave a rulebook you are a member or organiser of (not its last organiser)', params: SlugParams, response: { 204: Type.Null(), ...errorsReply } } },
    async (request, reply) => {
      await leaveRulebook(app.domain, await findRulebook(app.domain, request.params.slug), request.user);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/api/rulebooks/:slug/invitations',
    { schema: { tags, summary: 'Pending invitations (organisers only)', params: SlugParams, response: { 200: Type.Array(InvitationBody), ...errorsReply } } },
    async (request) => listInvitations(app.domain, await findRulebook(app.domain, request.params.slug), request.user),
  );

  app.delete(
    '/api/rulebooks/:slug/invitations/:id',
    { schema: { tags, summary: 'Revoke a pending invitation: its link stops working (organisers only)', params: InvitationParams, response: { 204: Type.Null(), ...errorsReply } } },
    async (request, reply) => {
      await revokeInvitation(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.params.id);
      return reply.code(204).send(null);
    },
  );

  app.put(
    '/api/rulebooks/:slug/participation',
    { schema: { tags, summary: 'Choose who may comment, propose and support (organisers only)', params: SlugParams, body: ParticipationBody, response: { 200: RulebookBody, ...errorsReply } } },
    async (request) => {
      const rulebook = await setParticipation(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.body);
      return presentRulebook(app.domain, rulebook, request.user);
    },
  );

  // The link's secret travels in the body, never in a URL that logs or Referer headers would keep.
  const limited = { rateLimit: { max: opts.authRateLimit, timeWindow: '1 minute' } };

  app.post(
    '/api/invitations/preview',
    { config: limited, schema: { tags, summary: 'What an invitation link offers (public: the link is the proof)', body: InvitationTokenBody, response: { 200: InvitationPreview, ...errorsReply } } },
    async (request) => previewInvitation(app.domain, request.body.token),
  );

  app.post(
    '/api/invitations/accept',
    { config: limited, schema: { tags, summary: 'Accept an invitation as the signed-in person', body: InvitationTokenBody, response: { 200: InvitationAccepted, ...errorsReply } } },
    async (request) => acceptInvitation(app.domain, request.body.token, request.user),
  );

  app.post(
    '/api/invitations/sign-up',
    {
      config: limited,
      schema: {
        tags,
        summary: 'Create an account with the invited address (verified by the link) and join, signed in',
        body: InvitationSignUpBody,
        response: { 201: Type.Object({ account: AccountBody, joined: InvitationAccepted }), ...errorsReply },
      },
    },
    async (request, reply) => {
      const answer = await signUpWithInvitation(app.domain, request.body);
      await reply.signIn(answer.account.id);
      return reply.code(201).send(answer);
    },
  );
};
