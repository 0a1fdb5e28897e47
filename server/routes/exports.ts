import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { dirname, join } from 'node:path';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { PdfExporter, type PdfExport } from '../export/exports.js';
import { RETRY_AFTER_SECONDS, type PoolSize } from '../export/pool.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { DiffQuery, ReleaseParams } from '../../shared/validation/releases.js';
import { ReportParams, ReportQuery } from '../../shared/validation/report.js';

const ReleasePdfQuery = Type.Object(
  { origins: Type.Optional(Type.Union([Type.Literal('1'), Type.Literal('0')], { description: '1: append "Origin of each article", where each article\'s text came from' })) },
  { additionalProperties: false },
);

const Pdf = Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description: 'A PDF file' });

/** Where the export routes keep rendered releases (next to the database), and how many exports run at once. */
export interface ExportRoutesOptions {
  databasePath: string;
  pool?: PoolSize;
}

/** Send a PDF with its entity tag (304 when the client holds it); releases are cached for good, drafts revalidated. */
function sendPdf(request: FastifyRequest, reply: FastifyReply, { filename, pdf, etag, immutable }: PdfExport): Buffer | FastifyReply {
  reply.header('etag', etag).header('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'public, no-cache');
  const held = request.headers['if-none-match']?.split(',').map((tag) => tag.trim().replace(/^W\//, ''));
  if (held?.includes(etag) || held?.includes('*')) return reply.code(304).send();
  reply.type('application/pdf').header('content-disposition', `attachment; filename="${filename}"`);
  return pdf;
}

/** PDF exports (public): a release, the watermarked live draft, a redline between two versions, and the consultation report. */
export const exportRoutes: FastifyPluginAsyncTypebox<ExportRoutesOptions> = async (app, options) => {
  const tags = ['exports'];
  const errorsReply = { '4xx': ErrorBody };
  const exporter = new PdfExporter({ cacheDir: options.databasePath === ':memory:' ? null : join(dirname(options.databasePath), 'pdf-cache'), pool: options.pool });
  app.addHook('onClose', () => exporter.close());
  // A refused export says when to come back.
  app.addHook('onError', async (_request, reply, error) => {
    if ((error as { code?: string }).code === 'export_busy') reply.header('retry-after', String(RETRY_AFTER_SECONDS));
  });

  app.get(
    '/api/rulebooks/:slug/releases/:version/pdf',
    { config: { readCache: true }, schema: { tags, summary: 'A release as a PDF; the same release always gives the same bytes, cached for good (public); with `origins=1`, an appendix of where each article came from, revalidated', params: ReleaseParams, querystring: ReleasePdfQuery, response: { 200: Pdf, ...errorsReply } } },
    async (request, reply) => {
      const rulebook = await findRulebook(app.domain, request.params.slug);
      return sendPdf(request, reply, await exporter.release(app.domain, rulebook, request.params.version, { origins: request.query.origins === '1' }));
    },
  );

  app.get(
    '/api/rulebooks/:slug/draft/pdf',
    { config: { readCache: true }, schema: { tags, summary: 'The live draft as a watermarked PDF, rendered once per version of its text (public)', params: SlugParams, response: { 200: Pdf, ...errorsReply } } },
    async (request, reply) => sendPdf(request, reply, await exporter.draft(app.domain, await findRulebook(app.domain, request.params.slug))),
  );

  app.get(
    '/api/rulebooks/:slug/diff/pdf',
    { config: { readCache: true }, schema: { tags, summary: 'A redline PDF between a release and a later release or the draft (public)', params: SlugParams, querystring: DiffQuery, response: { 200: Pdf, ...errorsReply } } },
    async (request, reply) => {
      const { from, to } = request.query;
      return sendPdf(request, reply, await exporter.redline(app.domain, await findRulebook(app.domain, request.params.slug), from, to));
    },
  );

  app.get(
    '/api/rulebooks/:slug/report.pdf',
    { config: { readCache: true }, schema: { tags: ['report'], summary: 'The consultation report as a PDF: cover, summary with participation, one section per article; same bytes for the same closed consultation (public)', params: ReportParams, querystring: ReportQuery, response: { 200: Pdf, ...errorsReply } } },
    async (request, reply) => sendPdf(request, reply, await exporter.report(app.domain, await findRulebook(app.domain, request.params.slug), request.query)),
  );
};
