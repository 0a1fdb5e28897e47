import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { REVALIDATE } from '../plugins/http-cache.js';
import { compareVersions, getRelease, listReleases, markOfficial, publishRelease } from '../domain/releases.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { DiffQuery, PublishReleaseBody, ReleaseBody, ReleaseParams, ReleaseSummaryBody, VersionComparisonBody } from '../../shared/validation/releases.js';

/** Releases (publish, list, read, mark official) and diffs between any two versions. */
export const releaseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const errorsReply = { '4xx': ErrorBody };
  const tags = ['releases'];

  app.get(
    '/api/rulebooks/:slug/releases',
    { config: { readCache: true }, schema: { tags, summary: 'Releases, newest first (public)', params: SlugParams, response: { 200: Type.Array(ReleaseSummaryBody), ...errorsReply } } },
    async (request) => listReleases(app.domain, await findRulebook(app.domain, request.params.slug)),
  );

  app.post(
    '/api/rulebooks/:slug/releases',
    { schema: { tags, summary: 'Freeze the current draft as an immutable release (organisers)', params: SlugParams, body: PublishReleaseBody, response: { 201: ReleaseBody, ...errorsReply } } },
    async (request, reply) => {
      const release = await publishRelease(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.body);
      reply.code(201);
      return release;
    },
  );

  app.get(
    '/api/rulebooks/:slug/releases/:version',
    { config: { readCache: true }, schema: { tags, summary: 'One release with its text and changelog (public)', params: ReleaseParams, response: { 200: ReleaseBody, ...errorsReply } } },
    async (request, reply) => {
      // Its text never changes, but whether it is the official one does (marking another release official
      // unmarks it): caches revalidate, and get a 304 while its ETag holds, rather than keeping it a year.
      reply.header('cache-control', REVALIDATE);
      return getRelease(app.domain, await findRulebook(app.domain, request.params.slug), request.params.version);
    },
  );

  app.post(
    '/api/rulebooks/:slug/releases/:version/official',
    { schema: { tags, summary: 'Mark a release as the official rules (organisers)', params: ReleaseParams, response: { 200: ReleaseBody, ...errorsReply } } },
    async (request) => markOfficial(app.domain, await findRulebook(app.domain, request.params.slug), request.user, request.params.version),
  );

  app.get(
    '/api/rulebooks/:slug/diff',
    { config: { readCache: true }, schema: { tags, summary: 'What changed between two versions (a release, or `draft`), article by article (public)', params: SlugParams, querystring: DiffQuery, response: { 200: VersionComparisonBody, ...errorsReply } } },
    async (request) => compareVersions(app.domain, await findRulebook(app.domain, request.params.slug), request.query.from, request.query.to),
  );
};
