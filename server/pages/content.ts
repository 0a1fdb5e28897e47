import { escapeHtml, html, raw, type Html } from './html.js';
import type { Label } from './labels.js';
import type { Paragraph, VersionText } from '../domain/version-text.js';
import type { DraftArticle } from '../../shared/validation/api.js';
import type { Citation } from '../../shared/validation/citations.js';
import type { DiffRun } from '../../shared/validation/diff.js';
import type { ReleaseSummary, VersionComparison } from '../../shared/validation/releases.js';

/** Addresses of the public pages, relative to the site (the client's routes). */
export const pagePath = {
  rulebook: (slug: string) => `/r/${encodeURIComponent(slug)}`,
  release: (slug: string, version: string) => `/r/${encodeURIComponent(slug)}/releases/${encodeURIComponent(version)}`,
  citation: (slug: string, version: string, articleId: string) =>
    `/r/${encodeURIComponent(slug)}/v/${encodeURIComponent(version)}/a/${encodeURIComponent(articleId)}`,
  diff: (slug: string, from: string, to: string) => `/r/${encodeURIComponent(slug)}/diff?${new URLSearchParams({ from, to }).toString()}`,
  amendment: (slug: string, id: string) => `/r/${encodeURIComponent(slug)}/amendments/${encodeURIComponent(id)}`,
};

/** "Article 4 – Title", or "Article 4". */
export function articleHeading(label: Label, article: { number: number; title: string }): string {
  return article.title.trim() ? label('articleHeading', { n: article.number, title: article.title }) : label('article', { n: article.number });
}

/** The frame every rendered page shares: a header linking home, then the page's main content. */
export function frame(content: Html): Html {
  return html`<header class="ssr-header"><a href="/">Amendo</a></header><main id="content" class="page ssr-page">${content}</main>`;
}

const paragraphsHtml = (paragraphs: Paragraph[]) => paragraphs.map((p) => raw(p.html));

function articleSection(slug: string, version: string, article: DraftArticle, paragraphs: Paragraph[], label: Label, level: 'h2' | 'h3'): Html {
  const heading = html`<a href="${pagePath.citation(slug, version, article.id)}">${articleHeading(label, article)}</a>`;
  return html`<section class="frozen-article" id="article-${article.id}" data-article-id="${article.id}">${
    level === 'h2' ? html`<h2 class="frozen-article-title">${heading}</h2>` : html`<h3 class="frozen-article-title">${heading}</h3>`
  }${paragraphsHtml(paragraphs)}</section>`;
}

/** A whole version's text: title, what it is (`kicker`), preamble, section headings and articles linking to their citations. */
export function versionBody(slug: string, version: string, text: VersionText, label: Label, kicker: Html): Html {
  const { view } = text;
  const level = view.sections.length > 0 ? 'h3' : 'h2';
  const sectionsBefore = (n: number | null) => view.sections.filter((s) => s.firstArticle === n).map((s) => html`<h2 class="frozen-section">${s.title}</h2>`);
  return html`<article class="frozen-text ssr-text">
<h1 class="frozen-title">${view.title}</h1>${kicker}
${text.preamble.length > 0 ? html`<div class="frozen-preamble">${paragraphsHtml(text.preamble)}</div>` : ''}
${view.articles.map((a) => html`${sectionsBefore(a.number)}${articleSection(slug, version, a, text.articles[a.id] ?? [], label, level)}\n`)}${sectionsBefore(null)}
${view.articles.length === 0 ? html`<p>${label('noArticles')}</p>` : ''}
</article>`;
}

/** Links to a rulebook's releases, newest first. */
export function releaseLinks(slug: string, releases: ReleaseSummary[], label: Label): Html {
  if (releases.length === 0) return html``;
  return html`<nav class="ssr-releases" aria-labelledby="ssr-releases-heading"><h2 id="ssr-releases-heading">${label('releases')}</h2><ul>${releases.map(
    (r) => html`<li><a href="${pagePath.release(slug, r.version)}">${label('version', { version: r.version })}</a>${r.official ? html` (${label('official')})` : ''}</li>`,
  )}</ul></nav>`;
}

/** References in a cited article's markup, pointing at the cited version's page (`#article-…`), made citations of that version instead. */
const citedRefs = (slug: string, version: string, markup: string) =>
  markup.replace(/href="#article-([0-9a-z]+)"/g, (_match, id: string) => `href="${escapeHtml(pagePath.citation(slug, version, id))}"`);

/** A cited article: its number in the version, its numbered paragraphs (`#p1`…) and what became of it later. */
export function citationBody(slug: string, citation: Citation, paragraphs: Paragraph[], label: Label): Html {
  const { article, version } = citation;
  const heading = version === 'draft' ? label('inDraft', { n: article.number }) : label('inVersion', { n: article.number, version });
  const whereCited = version === 'draft' ? pagePath.rulebook(slug) : pagePath.release(slug, version);
  const fates = citation.later.map((fate) => {
    const where = fate.version === 'draft' ? label('draft') : label('version', { version: fate.version });
    const place = fate.number === null ? label('removed') : label('article', { n: fate.number });
    const link = fate.version === 'draft' ? pagePath.rulebook(slug) : pagePath.release(slug, fate.version);
    const amendments = fate.amendments.map((a) => html`, <a href="${pagePath.amendment(slug, a.id)}">${label('amendment', { n: a.number })}</a>`);
    return html`<li data-status="${fate.status}"><a href="${link}">${where}</a>: ${place} (${label(`change.${fate.status}`)}${amendments}) · <a href="${pagePath.diff(slug, version, fate.version)}">${label('compare')}</a></li>`;
  });
  return html`<article class="citation-page" data-testid="citation-page">
<p class="citation-rulebook"><a href="${whereCited}">${citation.rulebookTitle}</a></p>
<h1 class="citation-heading">${heading}</h1>
${article.title ? html`<p class="citation-title">${article.title}</p>` : ''}
<ol class="citation-paragraphs">${paragraphs.map(
    (p, i) => html`<li class="citation-paragraph" id="p${i + 1}"><a class="paragraph-number" href="#p${i + 1}">§${i + 1}</a><div class="paragraph-body">${raw(citedRefs(slug, version, p.html))}</div></li>`,
  )}</ol>
<section class="citation-fate" aria-labelledby="fate-heading"><h2 id="fate-heading">${label('fate')}</h2>${
    version === 'draft' ? html`<p>${label('fateLatest')}</p>` : fates.length === 0 ? html`<p>${label('fateNone')}</p>` : html`<ul>${fates}</ul>`
  }</section>
</article>`;
}

/** A diff's runs as text with `<ins>` and `<del>`; a reference whose article was renumbered says how it read before. */
const runs = (list: DiffRun[] | null, fallback: string, label: Label) =>
  list === null
    ? fallback
    : list.map((r) =>
        r.op === 'insert'
          ? html`<ins>${r.text}</ins>`
          : r.op === 'delete'
            ? html`<del>${r.text}</del>`
            : r.was !== undefined
              ? html`<span class="diff-ref">${r.text} <small>(${label('refWas', { was: r.was })})</small></span>`
              : html`${r.text}`,
      );

/** A comparison of two versions, article by article, with the words added and removed. */
export function diffBody(slug: string, title: string, comparison: VersionComparison, label: Label): Html {
  const name = (v: string) => (v === 'draft' ? label('draft') : label('version', { version: v }));
  const articles = comparison.articles
    .filter((a) => a.status !== 'unchanged')
    .map((a) => {
      const number = a.toNumber ?? a.fromNumber!;
      const heading = a.fromNumber !== null && a.toNumber !== null && a.fromNumber !== a.toNumber ? `${a.fromNumber} → ${a.toNumber}` : String(number);
      return html`<section class="ssr-diff-article" data-status="${a.status}"><h2>${label('article', { n: heading })} · ${label(`change.${a.status}`)}</h2><p class="ssr-diff-title">${runs(a.title, a.toTitle ?? '', label)}</p><p class="ssr-diff-text">${runs(a.text, '', label)}</p></section>`;
    });
  return html`<article class="ssr-diff">
<p class="citation-rulebook"><a href="${pagePath.rulebook(slug)}">${title}</a></p>
<h1>${label('diff', { from: name(comparison.from), to: name(comparison.to) })}</h1>
${articles}
</article>`;
}
