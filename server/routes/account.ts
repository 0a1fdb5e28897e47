import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { listSessions, resendVerification, revokeSession, updateAccount } from '../domain/accounts.js';
import { requestEmailChange } from '../domain/account-recovery.js';
import { requireSignedIn } from '../domain/access.js';
import { hashSecret } from '../domain/account-tokens.js';
import { perPersonLimit } from '../plugins/auth.js';
import { ErrorBody } from '../../shared/validation/api.js';
import { AccountBody, AccountPatch, EmailChangeBody, MailedAnswer, SessionBody, SessionParams } from '../../shared/validation/account.js';

/** The signed-in person's account: the language of their mail, a new verification link, a change of address, their sessions. */
export const accountRoutes: FastifyPluginAsyncTypebox<{ rateLimit: number }> = async (app, opts) => {
  const limited = perPersonLimit(opts.rateLimit);

  app.patch(
    '/api/account',
    { config: limited, schema: { tags: ['account'], summary: 'Change the language the caller’s mail is written in', body: AccountPatch, response: { 200: AccountBody, '4xx': ErrorBody } } },
    async (request) => updateAccount(app.domain, requireSignedIn(request.user), request.body),
  );

  app.post(
    '/api/account/verification',
    { config: limited, schema: { tags: ['account'], summary: 'Mail a new verification link (when the address is not verified yet)', response: { 202: MailedAnswer, '4xx': ErrorBody } } },
    async (request, reply) => {
      await resendVerification(app.domain, requireSignedIn(request.user));
      return reply.code(202).send({ status: 'mailed' });
    },
  );

  app.post(
    '/api/account/email',
    {
      config: limited,
      schema: { tags: ['account'], summary: 'Use another address: a link is mailed to it, and the change happens once it is followed', body: EmailChangeBody, response: { 202: MailedAnswer, '4xx': ErrorBody } },
    },
    async (request, reply) => {
      await requestEmailChange(app.domain, requireSignedIn(request.user), request.body);
      return reply.code(202).send({ status: 'mailed' });
    },
  );

  app.get(
    '/api/account/sessions',
    { schema: { tags: ['account'], summary: 'The signed-in sessions of the caller, newest first', response: { 200: Type.Array(SessionBody), '4xx': ErrorBody } } },
    async (request) => listSessions(app.domain, requireSignedIn(request.user), request.sessionToken),
  );

  app.delete(
    '/api/account/sessions/:id',
    { schema: { tags: ['account'], summary: 'End one of the caller’s sessions, closing its live connections', params: SessionParams, response: { 204: Type.Null(), '4xx': ErrorBody } } },
    async (request, reply) => {
      await revokeSession(app.domain, requireSignedIn(request.user), request.params.id);
      await app.sockets.closeEndedSessions();
      if (request.sessionToken && hashSecret(request.sessionToken) === request.params.id) reply.clearSession();
      return reply.code(204).send(null);
    },
  );
};
