import fp from 'fastify-plugin';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { closeSession, openSession, sessionUser, SESSION_TTL_MS } from '../domain/accounts.js';
import type { Account } from '../../shared/validation/account.js';

/** Name of the httpOnly session cookie. */
export const SESSION_COOKIE = 'amendo_session';

declare module 'fastify' {
  interface FastifyRequest {
    /** The signed-in person, or null for anonymous readers. */
    user: Account | null;
    /** The session token from the cookie, if any. */
    sessionToken: string | undefined;
  }
  interface FastifyReply {
    /** Sign a person in: end the request's previous session, if any, open a new one and set its cookie. */
    signIn(userId: string): Promise<void>;
    /** Clear the session cookie. */
    clearSession(): FastifyReply;
  }
}

/**
 * What a CSRF token is bound to: the session it was issued in (a fixed word when signed out, as the token
 * library refuses an empty one), so a token copied from one session is refused in any other.
 */
export function csrfUserInfo(request: FastifyRequest): string {
  return request.user && request.sessionToken ? `session:${request.sessionToken}` : 'signed-out';
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Resolves the session cookie into `request.user` on every request (HTTP and WebSocket upgrade), and requires a
 * CSRF token (from `GET /api/csrf`, sent as `x-csrf-token`) on every state-changing API request.
 */
export const authPlugin = fp<{ secureCookies: boolean }>(
  async (app, opts) => {
    app.decorateRequest('user', null);
    app.decorateRequest('sessionToken', undefined);
    app.decorateReply('signIn', async function (this: FastifyReply, userId: string) {
      if (this.request.sessionToken) await closeSession(app.db, this.request.sessionToken);
      const token = await openSession(app.db, userId, this.request.headers['user-agent']);
      // Not returned: a reply is a thenable that settles once sent, so awaiting it here would never end.
      this.setCookie(SESSION_COOKIE, token, {
        path: '/',
        httpOnly: true,
        sameSite: 'lax',
        secure: opts.secureCookies,
        maxAge: SESSION_TTL_MS / 1000,
      });
    });
    app.decorateReply('clearSession', function (this: FastifyReply) {
      return this.clearCookie(SESSION_COOKIE, { path: '/' });
    });
    app.addHook('onRequest', async (request) => {
      request.sessionToken = request.cookies[SESSION_COOKIE];
      request.user = await sessionUser(app.db, request.sessionToken);
    });
    app.addHook('onRequest', (request, reply, done) => {
      if (SAFE_METHODS.has(request.method) || !request.url.startsWith('/api/')) return done();
      app.csrfProtection(request, reply, done);
    });
  },
  { name: 'auth', dependencies: ['db'] },
);

/** Route config limiting a person (or, signed out, an address) to `max` requests a minute. */
export function perPersonLimit(max: number) {
  return { rateLimit: { max, timeWindow: '1 minute', keyGenerator: (request: FastifyRequest) => request.user?.id ?? request.ip } };
}
