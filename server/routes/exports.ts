import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { exportDraftPdf, exportRedlinePdf, exportReleasePdf, type PdfExport } from '../export/exports.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { DiffQuery, ReleaseParams } from '../../shared/validation/releases.js';

const Pdf = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'A PDF file' });

function sendPdf(reply: FastifyReply, { filename, pdf }: PdfExport): Buffer {
  reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`);
  return pdf;
}

/** PDF exports (public): a release, the watermarked live draft, and a redline between two versions. */
export const exportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['exports'];
  const errorsReply = { '4xx': ErrorBody };

  app.get(
    '/api/rulebooks/:slug/releases/:version/pdf',
    { schema: { tags, summary: 'A release as a PDF; the same release always gives the same bytes (public)', params: ReleaseParams, response: { 200: Pdf, ...errorsReply } } },
    async (request, reply) => sendPdf(reply, await exportReleasePdf(app.domain, findRulebook(app.domain, request.params.slug), request.params.version)),
  );

  app.get(
    '/api/rulebooks/:slug/draft/pdf',
    { schema: { tags, summary: 'The live draft as a watermarked PDF (public)', params: SlugParams, response: { 200: Pdf, ...errorsReply } } },
    async (request, reply) => sendPdf(reply, await exportDraftPdf(app.domain, findRulebook(app.domain, request.params.slug))),
  );

  app.get(
    '/api/rulebooks/:slug/diff/pdf',
    { schema: { tags, summary: 'A redline PDF between a release and a later release or the draft (public)', params: SlugParams, querystring: DiffQuery, response: { 200: Pdf, ...errorsReply } } },
    async (request, reply) => {
      const { from, to } = request.query;
      return sendPdf(reply, await exportRedlinePdf(app.domain, findRulebook(app.domain, request.params.slug), from, to));
    },
  );
};
