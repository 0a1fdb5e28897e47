import type { FastifyPluginAsyncTypebox } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type } from '@sinclair/typebox';
import { AppError } from '../errors.js';
import { REVALIDATE } from '../plugins/http-cache.js';
import { findRulebook, type Rulebook } from '../domain/rulebooks.js';
import { compareVersions, getRelease, listReleases } from '../domain/releases.js';
import { versionText } from '../domain/version-text.js';
import { citeArticle } from '../domain/citations.js';
import { sitemapEntries, type SitemapEntry } from '../domain/sitemap.js';
import { articleHeading, citationBody, diffBody, frame, pagePath, releaseLinks, versionBody } from './content.js';
import { html, type Html } from './html.js';
import { labelsFor, type Label } from './labels.js';
import { describe, PageShell, type PageMeta } from './shell.js';
import { Slug } from '../../shared/validation/api.js';
import { CitationParams } from '../../shared/validation/citations.js';
import { DiffQuery, ReleaseParams } from '../../shared/validation/releases.js';

/** A page's head and content, before the shell. */
interface Page {
  meta: Omit<PageMeta, 'url' | 'lang'> & { path: string };
  content: Html;
}

/**
 * The public pages rendered on the server into the client's `index.html` (`indexHtml`; a bare page when the
 * client is not built): a rulebook with its live draft, a release, an article's citation and a diff, readable
 * without JavaScript and with link-preview metadata. What they show is public, so everyone gets the same page
 * (anonymous readers from the read cache). An unknown rulebook, version or article is a 404 page. Also the
 * sitemap and `robots.txt`.
 */
export const pageRoutes: FastifyPluginAsyncTypebox<{ indexHtml: string | null }> = async (app, opts) => {
  const shell = new PageShell(opts.indexHtml);
  const origin = () => app.domain.mail.publicUrl();
  const options = { config: { readCache: true }, attachValidation: true } as const;

  function send(reply: FastifyReply, status: number, lang: string, page: Page): string {
    reply.code(status).type('text/html; charset=utf-8').header('cache-control', REVALIDATE);
    const { path, ...meta } = page.meta;
    return shell.render({ ...meta, url: origin() + path, lang }, frame(page.content));
  }

  /** Render a rulebook's page, or the 404 page when the request or what it names is not found. */
  async function render(request: FastifyRequest, reply: FastifyReply, slug: string, make: (rulebook: Rulebook, label: Label) => Promise<Page>): Promise<string> {
    // The 404 page speaks the rulebook's language once it is found (a release or article of it is missing).
    let lang = 'en';
    try {
      if (request.validationError) throw new AppError(404, 'not_found', 'Not a page.');
      const rulebook = await findRulebook(app.domain, slug);
      lang = rulebook.language;
      return send(reply, 200, lang, await make(rulebook, labelsFor(lang).label));
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 404) throw err;
      const { label } = labelsFor(lang);
      const path = request.url.split('?')[0]!;
      return send(reply, 404, lang, { meta: { title: `${label('notFound')} — Amendo`, description: label('notFoundText'), path, type: 'website', noindex: true }, content: html`<h1>${label('notFound')}</h1><p>${label('notFoundText')}</p>` });
    }
  }

  app.get('/r/:slug', { ...options, schema: { hide: true, params: Type.Object({ slug: Slug }) } }, (request, reply) =>
    render(request, reply, request.params.slug, async (rulebook, label) => {
      const [text, releases] = await Promise.all([versionText(app.domain, rulebook, 'draft'), listReleases(app.domain, rulebook)]);
      const title = text.view.title || rulebook.title;
      const content = html`${versionBody(rulebook.slug, 'draft', text, label, html`<p class="ssr-kicker">${label('draft')}</p>`)}${releaseLinks(rulebook.slug, releases, label)}`;
      const description = describe(text.view.preamble || text.view.articles[0]?.text || title);
      return { meta: { title: `${title} — Amendo`, description, path: pagePath.rulebook(rulebook.slug), type: 'website' }, content };
    }),
  );

  app.get('/r/:slug/releases/:version', { ...options, schema: { hide: true, params: ReleaseParams } }, (request, reply) =>
    render(request, reply, request.params.slug, async (rulebook, label) => {
      const { version } = request.params;
      const [release, text] = await Promise.all([getRelease(app.domain, rulebook, version), versionText(app.domain, rulebook, version)]);
      const title = `${text.view.title || rulebook.title} — ${label('version', { version })}`;
      const date = new Date(release.publishedAt).toLocaleDateString(labelsFor(rulebook.language).locale, { dateStyle: 'long', timeZone: 'UTC' });
      const kicker = html`<p class="ssr-kicker">${label('version', { version })}${release.official ? html` (${label('official')})` : ''} · ${label('publishedOn', { date })}</p>`;
      const description = describe(release.notes || text.view.preamble || text.view.articles[0]?.text || title);
      return { meta: { title, description, path: pagePath.release(rulebook.slug, version), type: 'website' }, content: versionBody(rulebook.slug, version, text, label, kicker) };
    }),
  );

  app.get('/r/:slug/v/:version/a/:articleId', { ...options, schema: { hide: true, params: CitationParams } }, (request, reply) =>
    render(request, reply, request.params.slug, async (rulebook, label) => {
      const { version, articleId } = request.params;
      const { citation, text } = await citeArticle(app.domain, rulebook, version, articleId);
      const where = version === 'draft' ? label('draft') : label('version', { version });
      const title = `${articleHeading(label, citation.article)} (${where}) — ${citation.rulebookTitle}`;
      const content = citationBody(rulebook.slug, citation, text.articles[articleId] ?? [], label);
      return { meta: { title, description: describe(citation.article.text || title), path: pagePath.citation(rulebook.slug, version, articleId), type: 'article' }, content };
    }),
  );

  app.get('/r/:slug/diff', { ...options, schema: { hide: true, params: Type.Object({ slug: Slug }), querystring: DiffQuery } }, (request, reply) =>
    render(request, reply, request.params.slug, async (rulebook, label) => {
      const { from, to } = request.query;
      const comparison = await compareVersions(app.domain, rulebook, from, to);
      const name = (v: string) => (v === 'draft' ? label('draft') : label('version', { version: v }));
      const title = `${label('diff', { from: name(from), to: name(to) })} — ${rulebook.title}`;
      return { meta: { title, description: title, path: pagePath.diff(rulebook.slug, from, to), type: 'website' }, content: diffBody(rulebook.slug, rulebook.title, comparison, label) };
    }),
  );

  app.get('/sitemap.xml', { schema: { hide: true } }, async (_request, reply) => {
    reply.type('application/xml; charset=utf-8').header('cache-control', REVALIDATE);
    const urls = (await sitemapEntries(app.domain)).map((e) => html`<url><loc>${origin() + entryPath(e)}</loc><lastmod>${e.lastmod.toISOString()}</lastmod></url>\n`);
    return html`<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}</urlset>\n`.value;
  });

  // A robots.txt shipped with the client wins.
  if (!app.hasRoute({ method: 'GET', url: '/robots.txt' })) {
    app.get('/robots.txt', { schema: { hide: true } }, async (_request, reply) => {
      reply.type('text/plain; charset=utf-8').header('cache-control', REVALIDATE);
      return `User-agent: *\nDisallow: /api/\nSitemap: ${origin()}/sitemap.xml\n`;
    });
  }
};

function entryPath(entry: SitemapEntry): string {
  if (entry.kind === 'rulebook') return pagePath.rulebook(entry.slug);
  if (entry.kind === 'release') return pagePath.release(entry.slug, entry.version);
  return pagePath.citation(entry.slug, entry.version, entry.articleId);
}
