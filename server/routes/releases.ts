import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { findRulebook } from '../domain/rulebooks.js';
import { getRelease, listReleases, markOfficial, publishRelease, versionView } from '../domain/releases.js';
import { diffVersions } from '../../shared/doc/version-diff.js';
import { ErrorBody, SlugParams } from '../../shared/validation/api.js';
import { DiffQuery, PublishReleaseBody, ReleaseBody, ReleaseParams, ReleaseSummaryBody, VersionComparisonBody } from '../../shared/validation/releases.js';

/** Releases (publish, list, read, mark official) and diffs between any two versions. */
export const releaseRoutes: FastifyPluginAsyncTypebox = async (app) => {
  const errorsReply = { '4xx': ErrorBody };
  const tags = ['releases'];

  app.get(
    '/api/rulebooks/:slug/releases',
    { schema: { tags, summary: 'Releases, newest first (public)', params: SlugParams, response: { 200: Type.Array(ReleaseSummaryBody), ...errorsReply } } },
    async (request) => listReleases(app.db, findRulebook(app.db, request.params.slug)),
  );

  app.post(
    '/api/rulebooks/:slug/releases',
    { schema: { tags, summary: 'Freeze the current draft as an immutable release (organisers)', params: SlugParams, body: PublishReleaseBody, response: { 201: ReleaseBody, ...errorsReply } } },
    async (request, reply) => {
      const rulebook = findRulebook(app.db, request.params.slug);
      const version = publishRelease(app.db, app.docs, rulebook, request.user, request.body);
      app.events.publish(rulebook.id, { type: 'rulebook.changed', change: 'releases' });
      reply.code(201);
      return getRelease(app.db, rulebook, version);
    },
  );

  app.get(
    '/api/rulebooks/:slug/releases/:version',
    { schema: { tags, summary: 'One release with its text and changelog (public)', params: ReleaseParams, response: { 200: ReleaseBody, ...errorsReply } } },
    async (request) => getRelease(app.db, findRulebook(app.db, request.params.slug), request.params.version),
  );

  app.post(
    '/api/rulebooks/:slug/releases/:version/official',
    { schema: { tags, summary: 'Mark a release as the official rules (organisers)', params: ReleaseParams, response: { 200: ReleaseBody, ...errorsReply } } },
    async (request) => {
      const rulebook = findRulebook(app.db, request.params.slug);
      markOfficial(app.db, rulebook, request.user, request.params.version);
      app.events.publish(rulebook.id, { type: 'rulebook.changed', change: 'releases' });
      return getRelease(app.db, rulebook, request.params.version);
    },
  );

  app.get(
    '/api/rulebooks/:slug/diff',
    { schema: { tags, summary: 'What changed between two versions (a release, or `draft`), article by article (public)', params: SlugParams, querystring: DiffQuery, response: { 200: VersionComparisonBody, ...errorsReply } } },
    async (request) => {
      const rulebook = findRulebook(app.db, request.params.slug);
      const { from, to } = request.query;
      return { from, to, ...diffVersions(versionView(app.db, app.docs, rulebook, from), versionView(app.db, app.docs, rulebook, to)) };
    },
  );
};
