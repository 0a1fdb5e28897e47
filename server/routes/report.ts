import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { buildReport } from '../domain/report.js';
import { exportReport, type ReportFile } from '../domain/report-table.js';
import { ErrorBody } from '../../shared/validation/api.js';
import { ReportBody, ReportParams, ReportQuery } from '../../shared/validation/report.js';

const File = (description: string) => Type.Unsafe<Buffer>({ type: 'string', format: 'binary', description });

const MEDIA_TYPES = { csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' } as const;

function sendFile(reply: FastifyReply, format: keyof typeof MEDIA_TYPES, { filename, data }: ReportFile): Buffer {
  reply.type(MEDIA_TYPES[format]).header('content-disposition', `attachment; filename="${filename}"`);
  return data;
}

/** The consultation report (public): as JSON, and as CSV or XLSX with one row per contribution. */
export const reportRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const tags = ['report'];
  const errorsReply = { '4xx': ErrorBody };
  const schema = (summary: string, body: ReturnType<typeof File> | typeof ReportBody) => ({ tags, summary, params: ReportParams, querystring: ReportQuery, response: { 200: body, ...errorsReply } });

  app.get(
    '/api/rulebooks/:slug/report',
    { schema: schema('Every amendment and thread of the consultation by article, with decisions, answer rates and participation (public)', ReportBody) },
    async (request) => buildReport(app.domain, await findRulebook(app.domain, request.params.slug), request.query),
  );

  for (const format of ['csv', 'xlsx'] as const) {
    app.get(
      `/api/rulebooks/:slug/report.${format}`,
      { schema: schema(`The report as ${format.toUpperCase()}, one row per contribution with stable column names (public)`, File(`A ${format.toUpperCase()} file`)) },
      async (request, reply) => sendFile(reply, format, await exportReport(app.domain, await findRulebook(app.domain, request.params.slug), request.query, format)),
    );
  }
};
