import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { authenticate, closeSession, openSession, registerUser } from '../domain/accounts.js';
import { csrfUserInfo } from '../plugins/auth.js';
import { ErrorBody, LoginBody, MeBody, RegisterBody } from '../../shared/validation/api.js';

/** Accounts and sessions: register, sign in, sign out, who am I, and the CSRF token. */
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
      schema: { tags: ['auth'], summary: 'Create an account and sign in', body: RegisterBody, response: { 201: MeBody, '4xx': ErrorBody } },
    },
    async (request, reply) => {
      const me = await registerUser(app.db, request.body);
      reply.setSession(openSession(app.db, me.id)).code(201);
      return me;
    },
  );

  app.post(
    '/api/auth/login',
    { config: limited, schema: { tags: ['auth'], summary: 'Sign in', body: LoginBody, response: { 200: MeBody, '4xx': ErrorBody } } },
    async (request, reply) => {
      const me = await authenticate(app.db, request.body.email, request.body.password);
      if (request.sessionToken) closeSession(app.db, request.sessionToken);
      reply.setSession(openSession(app.db, me.id));
      return me;
    },
  );

  app.post('/api/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out', response: { 204: Type.Null() } } }, async (request, reply) => {
    if (request.sessionToken) {
      closeSession(app.db, request.sessionToken);
      // Sockets opened with this session would otherwise keep its rights (a writer's /collab socket, writing).
      app.sockets.endSession(request.sessionToken);
    }
    reply.clearSession().code(204);
    return null;
  });

  // A signed-out visitor is an expected answer, not an error: 200 with null (a 401 would be a console error on every page).
  app.get(
    '/api/me',
    { schema: { tags: ['auth'], summary: 'The signed-in person, or null when signed out', response: { 200: Type.Union([MeBody, Type.Null()]) } } },
    async (request) => request.user,
  );
};
