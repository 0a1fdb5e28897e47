import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { authenticate, closeSession, signUp, verifyEmail } from '../domain/accounts.js';
import { requestPasswordReset, resetPassword } from '../domain/account-recovery.js';
import { csrfUserInfo } from '../plugins/auth.js';
import { ErrorBody, LoginBody, RegisterBody } from '../../shared/validation/api.js';
import { AccountBody, MailedAnswer, ResetBody, ResetRequestBody, SignUpAnswer, TokenBody } from '../../shared/validation/account.js';

/**
 * Accounts and sessions: sign up, verify the address, sign in and out, reset a forgotten password, who am I, and
 * the CSRF token. Sign-up, sign-in and reset answer alike whether or not an account uses the address.
 */
export const authRoutes: FastifyPluginAsyncTypebox<{ rateLimit: number }> = async (app, opts) => {
  const limited = { rateLimit: { max: opts.rateLimit, timeWindow: '1 minute' } };

  app.get(
    '/api/csrf',
    { schema: { tags: ['auth'], summary: 'Get a CSRF token to send as x-csrf-token', response: { 200: Type.Object({ token: Type.String() }) } } },
    async (request, reply) => ({ token: reply.generateCsrf({ userInfo: csrfUserInfo(request) }) }),
  );

  app.post(
    '/api/auth/register',
    {
      config: limited,
      schema: {
        tags: ['auth'],
        summary: 'Create an account and mail it a verification link (the same answer when the address already has one)',
        body: RegisterBody,
        response: { 201: SignUpAnswer, '4xx': ErrorBody },
      },
    },
    async (request, reply) => reply.code(201).send(await signUp(app.domain, request.body)),
  );

  app.post(
    '/api/auth/verify',
    { config: limited, schema: { tags: ['auth'], summary: 'Follow a verification link: confirm the address and sign in', body: TokenBody, response: { 200: AccountBody, '4xx': ErrorBody } } },
    async (request, reply) => {
      const me = await verifyEmail(app.domain, request.body.token);
      await reply.signIn(me.id);
      return me;
    },
  );

  app.post(
    '/api/auth/login',
    { config: limited, schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: AccountBody, '4xx': ErrorBody } } },
    async (request, reply) => {
      const me = await authenticate(app.db, request.body.email, request.body.password);
      await reply.signIn(me.id);
      return me;
    },
  );

  app.post(
    '/api/auth/forgot',
    { config: limited, schema: { tags: ['auth'], summary: 'Mail a password-reset link to the account using this address, if any', body: ResetRequestBody, response: { 202: MailedAnswer, '4xx': ErrorBody } } },
    async (request, reply) => {
      await requestPasswordReset(app.domain, request.body.email);
      return reply.code(202).send({ status: 'mailed' });
    },
  );

  app.post(
    '/api/auth/reset',
    { config: limited, schema: { tags: ['auth'], summary: 'Follow a reset link: set a new password, end every session, sign in', body: ResetBody, response: { 200: AccountBody, '4xx': ErrorBody } } },
    async (request, reply) => {
      const me = await resetPassword(app.domain, request.body.token, request.body.password);
      await app.sockets.closeEndedSessions();
      await reply.signIn(me.id);
      return me;
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null() } } }, async (request, reply) => {
    if (request.sessionToken) {
      await closeSession(app.db, request.sessionToken);
      // Sockets opened with this session would otherwise keep its rights (a writer's /collab socket, writing).
      app.sockets.endSession(request.sessionToken);
    }
    reply.clearSession().code(204);
    return null;
  });

  // A signed-out visitor is an expected answer, not an error: 200 with null (a 401 would be a console error on every page).
  app.get(
    '/api/me',
    { schema: { tags: ['auth'], summary: 'The signed-in person, or null when signed out', response: { 200: Type.Union([AccountBody, Type.Null()]) } } },
    async (request) => request.user,
  );
};
