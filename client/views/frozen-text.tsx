import { Fragment } from 'preact';
import { useI18n, type Translate } from '../i18n/index.js';
import type { DraftArticle, DraftView } from '../../shared/validation/api.js';
import { CopyArticleLink } from './copy-link.js';
import { RichBody } from './rich-body.js';
import type { ArticleContent } from '../../shared/doc/content.js';

/** One block of an article's plain text: a paragraph, or a list whose items may run over several lines. */
export type TextBlock = { kind: 'paragraph'; text: string } | { kind: 'list'; ordered: boolean; start: number; items: string[] };

const ITEM = /^(?:- |(\d+)\. )/;

/**
 * Blocks of the public JSON view's text: blocks are separated by a blank line; a block whose lines all start
 * with `- ` or `N. ` (continuation lines indented) is a list.
 */
export function parseBlocks(text: string): TextBlock[] {
  const blocks: TextBlock[] = [];
  for (const block of text.split(/\n{2,}/)) {
    if (!block.trim()) continue;
    const lines = block.split('\n');
    const first = ITEM.exec(lines[0]!);
    const isList = first !== null && lines.every((line) => ITEM.test(line) || /^\s/.test(line));
    if (!isList) {
      blocks.push({ kind: 'paragraph', text: block });
      continue;
    }
    const items: string[] = [];
    for (const line of lines) {
      if (ITEM.test(line)) items.push(line.replace(ITEM, ''));
      else items[items.length - 1] += `\n${line.trim()}`;
    }
    blocks.push({ kind: 'list', ordered: first[1] !== undefined, start: first[1] ? Number(first[1]) : 1, items });
  }
  return blocks;
}

/** "Article 4 – Title", or "Article 4" when the article has no title. */
export function articleHeading(t: Translate, number: number, title: string | null): string {
  return title?.trim() ? t('release.articleHeading', { n: number, title }) : t('amendment.article', { n: number });
}

/** An article's text as paragraphs and lists. */
export function ArticleBody({ text }: { text: string }) {
  return (
    <>
      {parseBlocks(text).map((block) =>
        block.kind === 'paragraph' ? (
          <p>{block.text}</p>
        ) : block.ordered ? (
          <ol start={block.start}>
            {block.items.map((item) => (
              <li>{item}</li>
            ))}
          </ol>
        ) : (
          <ul>
            {block.items.map((item) => (
              <li>{item}</li>
            ))}
          </ul>
        ),
      )}
    </>
  );
}

/** Where a version's articles are cited from: its rulebook and version (a release, or `draft`). */
export interface CitedVersion {
  slug: string;
  version: string;
}

function FrozenArticle({ article, level, cite, body }: { article: DraftArticle; level: 4 | 5; cite?: CitedVersion; body?: ArticleContent }) {
  const { t } = useI18n();
  const Heading = level === 4 ? 'h4' : 'h5';
  return (
    <section class="frozen-article" id={`article-${article.id}`} aria-labelledby={`heading-${article.id}`} data-article-id={article.id}>
      <Heading class="frozen-article-title" id={`heading-${article.id}`}>
        {articleHeading(t, article.number, article.title)}
      </Heading>
      {cite && (
        <p class="frozen-article-tools">
          <CopyArticleLink slug={cite.slug} version={cite.version} articleId={article.id} />
        </p>
      )}
      {body ? <RichBody content={body} /> : <ArticleBody text={article.text} />}
    </section>
  );
}

/**
 * A version of the rulebook read-only, from its public JSON view: title, preamble, section headings and articles
 * (each with a link to copy, given `cite`; with its bold, italic and lists, given its `bodies`).
 */
export function FrozenText({ view, label, cite, bodies }: { view: DraftView; label: string; cite?: CitedVersion; bodies?: Record<string, ArticleContent> }) {
  const { t } = useI18n();
  const level = view.sections.length > 0 ? 5 : 4;
  const sectionsBefore = (n: number | null) => view.sections.filter((s) => s.firstArticle === n);
  const section = (s: DraftView['sections'][number]) => (
    <h4 class="frozen-section" key={s.id}>
      {s.title}
    </h4>
  );
  return (
    <article class="frozen-text" aria-label={label} data-testid="frozen-text">
      <h3 class="frozen-title">{view.title || t('toc.untitled')}</h3>
      {view.preamble && (
        <div class="frozen-preamble">
          <ArticleBody text={view.preamble} />
        </div>
      )}
      {view.articles.map((article) => (
        <Fragment key={article.id}>
          {sectionsBefore(article.number).map(section)}
          <FrozenArticle article={article} level={level} cite={cite} body={bodies?.[article.id]} />
        </Fragment>
      ))}
      {sectionsBefore(null).map(section)}
      {view.articles.length === 0 && <p class="muted">{t('toc.empty')}</p>}
    </article>
  );
}
