import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { outboxEntries, outboxPage } from '../mail/outbox.js';
import { ErrorBody } from '../../shared/validation/api.js';
import { UnsubscribeAnswer, UnsubscribeParams } from '../../shared/validation/account.js';

/**
 * The one-click unsubscribe endpoint (RFC 8058: mail clients POST `List-Unsubscribe=One-Click` to it; the page
 * the link opens POSTs too), outside `/api/` so no CSRF token is needed: the signed token is the authority. And,
 * only when mail goes to the local outbox and `outboxPage` allows it, the `/dev/outbox` page.
 */
export const mailRoutes: FastifyPluginAsyncTypebox<{ outboxPage: boolean }> = async (app, opts) => {
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post(
    '/unsubscribe/:token',
    { schema: { tags: ['account'], summary: 'Stop one kind of mail, without signing in (one-click unsubscribe)', params: UnsubscribeParams, response: { 200: UnsubscribeAnswer, '4xx': ErrorBody } } },
    async (request) => app.domain.mail.unsubscribe(app.db, request.params.token),
  );

  const outboxDir = app.outboxDir;
  if (!outboxDir || !opts.outboxPage) return;
  app.get('/dev/outbox', { schema: { hide: true } }, async (_request, reply) => reply.type('text/html; charset=utf-8').send(outboxPage(await outboxEntries(app.db))));
  app.get('/dev/outbox.json', { schema: { hide: true } }, async () => outboxEntries(app.db));
  app.get(
    '/dev/outbox/:file',
    { schema: { hide: true, params: Type.Object({ file: Type.String({ pattern: '^[0-9a-f-]{36}\\.eml$' }) }) } },
    async (request, reply) => {
      const mail = await readFile(join(outboxDir, request.params.file)).catch(() => null);
      return mail ? reply.type('text/plain; charset=utf-8').send(mail) : reply.callNotFound();
    },
  );
};
