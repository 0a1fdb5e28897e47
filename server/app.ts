import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import rateLimit from '@fastify/rate-limit';
import websocket from '@fastify/websocket';
import swagger from '@fastify/swagger';
import fastifyStatic from '@fastify/static';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defaultOptions, type AppOptions } from './config.js';
import { AppError, errors } from './errors.js';
import { isStorageError } from './db/errors.js';
import { dbPlugin } from './plugins/db.js';
import { authPlugin, csrfUserInfo } from './plugins/auth.js';
import { domainPlugin } from './plugins/domain.js';
import { mailPlugin } from './plugins/mail.js';
import { socketErrorHandler, socketsPlugin } from './plugins/sockets.js';
import { httpCachePlugin, REVALIDATE } from './plugins/http-cache.js';
import { readCachePlugin } from './plugins/read-cache.js';
import { overloadPlugin } from './plugins/overload.js';
import { storedSecret } from './domain/settings.js';
import { authRoutes } from './routes/auth.js';
import { accountRoutes } from './routes/account.js';
import { mailRoutes } from './routes/mail.js';
import { healthRoutes } from './routes/health.js';
import { rulebookRoutes } from './routes/rulebooks.js';
import { memberRoutes } from './routes/members.js';
import { commentRoutes } from './routes/comments.js';
import { amendmentRoutes } from './routes/amendments.js';
import { moderationRoutes } from './routes/moderation.js';
import { reportRoutes } from './routes/report.js';
import { deskRoutes } from './routes/desk.js';
import { releaseRoutes } from './routes/releases.js';
import { citationRoutes } from './routes/citations.js';
import { provenanceRoutes } from './routes/provenance.js';
import { pageRoutes } from './pages/routes.js';
import { exportRoutes } from './routes/exports.js';
import { notificationRoutes } from './routes/notifications.js';
import { feedRoutes } from './routes/feeds.js';
import { notificationSchedulePlugin } from './plugins/notifications.js';
import { collabRoutes } from './collab/socket.js';
import { eventRoutes } from './events/socket.js';
import { seedDemo } from './seed/demo.js';
import { sharedRateLimitStore } from './cluster/rate-limit-store.js';
import { textKeyword, validationErrorCode } from '../shared/validation/text.js';

/**
 * Map any error to `{ error: { code, message } }` with a 4xx status, 503 `database_unavailable` when the database cannot
 * be reached or written (it goes away for a restart), or a generic 500 that leaks nothing.
 */
function presentError(err: FastifyError | AppError): { status: number; code: string; message: string; details?: Record<string, unknown> } {
  if (err instanceof AppError) return { status: err.status, code: err.code, message: err.message, details: err.details };
  if (err.validation) return { status: 400, code: validationErrorCode(err.validation), message: `Invalid request: ${err.message}` };
  const status = err.statusCode ?? 500;
  if (status === 429) return { status, code: 'rate_limited', message: 'Too many attempts; wait a minute and try again.' };
  if (err.code?.startsWith('FST_CSRF')) return { status: 403, code: 'csrf_invalid', message: 'Missing or invalid CSRF token; reload the page and try again.' };
  if (status >= 400 && status < 500) {
    const code = (err.code ?? 'bad_request').replace(/^FST_(ERR_)?/, '').toLowerCase();
    return { status, code, message: err.message };
  }
  if (isStorageError(err)) return presentError(errors.databaseUnavailable());
  return { status: 500, code: 'internal_error', message: 'Something went wrong on our side; the error has been logged.' };
}

/** Build the Amendo server (HTTP API, collaboration WebSocket, built client) without listening. */
export async function buildApp(overrides: Partial<AppOptions> = {}): Promise<FastifyInstance> {
  const options: AppOptions = { ...defaultOptions, ...overrides };
  const app = Fastify({
    logger: {
      level: options.logLevel,
      redact: ['req.headers.cookie', 'req.headers["x-csrf-token"]', 'res.headers["set-cookie"]'],
    },
    bodyLimit: 1024 * 1024,
    trustProxy: options.trustProxy,
    // Unknown properties are refused, not silently dropped, so a typo in a field name is reported.
    // `x-text` normalises what people write (NFC, trimmed, no zero-width edges) before lengths are checked.
    ajv: { customOptions: { removeAdditional: false }, plugins: [(ajv) => ajv.addKeyword(textKeyword)] },
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setErrorHandler((err: FastifyError, request, reply) => {
    const { status, code, message, details } = presentError(err);
    // The database being away is said by the health check and by the pool: one line per request is enough.
    if (code === 'database_unavailable') request.log.warn({ err: (err as Error).message }, 'request failed: database unavailable');
    else if (status >= 500) request.log.error({ err }, 'request failed');
    reply.code(status).send({ error: { code, message, ...(details ? { details } : {}) } });
  });

  await app.register(dbPlugin, {
    databasePath: options.databasePath,
    databaseUrl: options.databaseUrl,
    redisUrl: options.redisUrl,
    flushDelayMs: options.flushDelayMs,
    compactAfter: options.compactAfter,
    docIdleMs: options.docIdleMs,
  });
  await app.register(cookie, { secret: options.cookieSecret ?? await storedSecret(app.db, 'cookie_secret') });
  await app.register(csrf, {
    sessionPlugin: '@fastify/cookie',
    cookieOpts: { path: '/', httpOnly: true, sameSite: 'strict', signed: true, secure: options.secureCookies },
    // Tokens are bound to the session they were issued in: signing in or out makes the page fetch a new one.
    getUserInfo: csrfUserInfo,
    csrfOpts: { hmacKey: await storedSecret(app.db, 'csrf_hmac_key') },
  });
  await app.register(overloadPlugin, { maxEventLoopDelayMs: options.maxEventLoopDelayMs });
  // Before the HTTP cache, so that its ETags and compressed bodies apply to the answers kept here too.
  await app.register(readCachePlugin);
  // Vite names every asset after its content: a new build means new URLs, so browsers may keep these forever.
  await app.register(httpCachePlugin, { immutablePrefix: '/assets/' });
  // Instances joined by Redis count each client's requests together there (server/cluster/rate-limit-store.ts), under
  // their database's own name: another deployment using the same Redis counts apart.
  const sharedLimits = options.redisUrl ? sharedRateLimitStore(options.redisUrl, (await storedSecret(app.db, 'deployment_id')).slice(0, 16), app.log) : null;
  if (sharedLimits) app.addHook('onClose', sharedLimits.close);
  await app.register(rateLimit, { global: false, store: sharedLimits?.store });
  await app.register(websocket, { options: { maxPayload: options.maxMessageBytes }, errorHandler: socketErrorHandler });
  await app.register(swagger, {
    openapi: { info: { title: 'Amendo API', version: '0.1.0', description: 'Collaborative rulebook drafting and amendment' } },
  });
  await app.register(authPlugin, { secureCookies: options.secureCookies });
  await app.register(socketsPlugin, { pingIntervalMs: options.pingIntervalMs, maxBufferedBytes: options.maxBufferedBytes });
  await app.register(mailPlugin, {
    databasePath: options.databasePath,
    smtpUrl: options.smtpUrl,
    mailFrom: options.mailFrom,
    publicUrl: options.publicUrl,
    outboxDir: options.outboxDir,
    mailRetryMs: options.mailRetryMs,
  });
  await app.register(domainPlugin, { supportSettleMs: options.supportSettleMs, editQuietMs: options.editQuietMs });

  app.get('/api/docs', { schema: { hide: true } }, async () => app.swagger());
  await app.register(healthRoutes);
  await app.register(authRoutes, { rateLimit: options.authRateLimit });
  await app.register(accountRoutes, { rateLimit: options.authRateLimit });
  await app.register(mailRoutes, { outboxPage: options.outboxPage });
  await app.register(rulebookRoutes);
  await app.register(memberRoutes, { postRateLimit: options.postRateLimit, authRateLimit: options.authRateLimit });
  await app.register(commentRoutes, { postRateLimit: options.postRateLimit });
  await app.register(amendmentRoutes, { postRateLimit: options.postRateLimit });
  await app.register(moderationRoutes);
  await app.register(reportRoutes);
  await app.register(deskRoutes);
  await app.register(releaseRoutes);
  await app.register(citationRoutes);
  await app.register(provenanceRoutes);
  await app.register(exportRoutes, { databasePath: options.databasePath, pool: options.exportPool });
  await app.register(notificationRoutes);
  await app.register(feedRoutes);
  await app.register(notificationSchedulePlugin);
  await app.register(collabRoutes);
  await app.register(eventRoutes);

  const clientDir = options.clientDir ? resolve(options.clientDir) : null;
  const serveClient = clientDir !== null && existsSync(resolve(clientDir, 'index.html'));
  if (serveClient) await app.register(fastifyStatic, { root: clientDir, wildcard: false });
  // Every page is the same HTML: held in memory, it gets an ETag and is compressed once (server/plugins/http-cache.ts).
  const pageHtml = serveClient ? readFileSync(resolve(clientDir, 'index.html')) : null;
  // The public pages carry their content, rendered into the same HTML (server/pages/routes.ts).
  await app.register(pageRoutes, { indexHtml: pageHtml?.toString('utf8') ?? null });
  app.setNotFoundHandler((request, reply) => {
    const isPage = request.method === 'GET' && !/^\/(api|collab|events)\//.test(request.url);
    if (pageHtml && isPage) return reply.type('text/html; charset=utf-8').header('cache-control', REVALIDATE).send(pageHtml);
    return reply.code(404).send({ error: { code: 'not_found', message: `No route ${request.method} ${request.url.split('?')[0]}.` } });
  });

  if (options.seedDemo) await seedDemo(app.domain, app.log);
  return app;
}
