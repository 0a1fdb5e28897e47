import { Fragment } from 'preact';
import { useEffect } from 'preact/hooks';
import { api, ApiError } from '../api.js';
import { describeError, useI18n, type Translate } from '../i18n/index.js';
import type { ArticleFate, Citation } from '../../shared/validation/citations.js';
import { diffHref, releaseHref, rulebookHref } from './debate-context.js';
import { ArticleBody } from './frozen-text.js';
import { CopyArticleLink } from './copy-link.js';
import { useResource } from './use-resource.js';

const versionName = (t: Translate, version: string) => (version === 'draft' ? t('diff.draftOption') : t('releases.version', { version }));
const versionPage = (slug: string, version: string) => (version === 'draft' ? rulebookHref(slug) : releaseHref(slug, version));

/** One later version in "what became of it": its number there (or removed), how, by which amendments, and the diff. */
function Fate({ slug, cited, fate }: { slug: string; cited: string; fate: ArticleFate }) {
  const { t } = useI18n();
  return (
    <li data-testid="citation-fate" data-status={fate.status}>
      <a href={versionPage(slug, fate.version)}>{versionName(t, fate.version)}</a>
      {': '}
      {fate.number === null ? t('citation.removed') : t('citation.numberThere', { n: fate.number })}{' '}
      <span class={`badge change-badge change-${fate.status}`}>{t(`change.${fate.status}`)}</span>
      {fate.amendments.map((a) => (
        <Fragment key={a.id}>
          {' · '}
          <a href={rulebookHref(slug, { amendment: a.id })}>{t('citation.byAmendment', { n: a.number })}</a>
        </Fragment>
      ))}
      {' · '}
      <a href={diffHref(slug, cited, fate.version)}>{t('citation.compare')}</a>
    </li>
  );
}

function CitationView({ slug, citation }: { slug: string; citation: Citation }) {
  const { t } = useI18n();
  const { article, version } = citation;
  // The browser looked for `#p2` before the paragraphs were there.
  useEffect(() => {
    if (location.hash) document.getElementById(location.hash.slice(1))?.scrollIntoView();
  }, []);
  return (
    <article class="citation-page" aria-labelledby="citation-heading" data-testid="citation-page">
      <p class="citation-rulebook">
        <a href={versionPage(slug, version)}>{citation.rulebookTitle}</a>
      </p>
      <h1 id="citation-heading" class="citation-heading">
        {version === 'draft' ? t('citation.headingDraft', { n: article.number }) : t('citation.heading', { n: article.number, version })}
      </h1>
      {article.title && <p class="citation-title">{article.title}</p>}
      <ol class="citation-paragraphs">
        {citation.paragraphs.map((p) => (
          <li class="citation-paragraph" id={`p${p.n}`} key={p.n}>
            <a class="paragraph-number" href={`#p${p.n}`} aria-label={t('citation.paragraph', { n: p.n })}>
              §{p.n}
            </a>
            <div class="paragraph-body">
              <ArticleBody text={p.text} />
            </div>
          </li>
        ))}
      </ol>
      <p class="citation-actions">
        <CopyArticleLink slug={slug} version={version} articleId={article.id} />
        <a href={`${versionPage(slug, version)}${version === 'draft' ? '' : `#article-${article.id}`}`}>
          {version === 'draft' ? t('citation.readDraft') : t('citation.readVersion')}
        </a>
      </p>
      <section class="citation-fate" aria-labelledby="fate-heading">
        <h2 id="fate-heading">{t('citation.fate')}</h2>
        {version === 'draft' ? (
          <p>{t('citation.fateDraft')}</p>
        ) : citation.later.length === 0 ? (
          <p>{t('citation.fateNone')}</p>
        ) : (
          <ul>
            {citation.later.map((fate) => (
              <Fate slug={slug} cited={version} fate={fate} key={fate.version} />
            ))}
          </ul>
        )}
      </section>
    </article>
  );
}

/** `/r/:slug/v/:version/a/:articleId`: one article as a version has it, paragraphs numbered, and what became of it. */
export function CitationPage({ slug, version, articleId }: { slug: string; version: string; articleId: string }) {
  const { t } = useI18n();
  const citation = useResource(() => api.getCitation(slug, version, articleId), [slug, version, articleId]);
  if (citation.data) return <CitationView slug={slug} citation={citation.data} />;
  if (!citation.error) {
    return (
      <p class="muted" aria-busy="true">
        {t('common.loading')}
      </p>
    );
  }
  const missing = citation.error instanceof ApiError && (citation.error.status === 404 || citation.error.status === 400);
  const noRulebook = citation.error instanceof ApiError && citation.error.code === 'rulebook_not_found';
  return (
    <section class="narrow" data-testid="citation-page">
      <p class="form-error" role="alert">
        {missing && !noRulebook ? t('citation.notFound', { version }) : describeError(t, citation.error)}
      </p>
      <p>{noRulebook ? <a href="/">{t('notFound.back')}</a> : <a href={rulebookHref(slug)}>{t('citation.readDraft')}</a>}</p>
    </section>
  );
}
