import { useI18n } from '../i18n/index.js';
import type { AmendmentDetail } from '../../shared/validation/amendments.js';
import { rulebookHref, useDebate } from './debate-context.js';

/**
 * On an open deletion: "This article is referred to by article 3 “Jury” and article 7; if the deletion is accepted,
 * those references will read as removed.", each a link to the article, so whoever decides knows what it breaks.
 */
export function ReferencedByNotice({ amendment }: { amendment: AmendmentDetail }) {
  const { t, tn, lang } = useI18n();
  const { slug } = useDebate();
  const articles = amendment.referencedBy;
  if (amendment.kind !== 'delete' || amendment.status !== 'open' || articles.length === 0) return null;
  const [before = '', after = ''] = tn('references.deletionBreaks', articles.length).split('{list}');
  const parts = new Intl.ListFormat(lang, { type: 'conjunction' }).formatToParts(articles.map((a) => a.id));
  let next = 0;
  return (
    <p class="notice referenced-by" data-testid="referenced-by">
      {before}
      {parts.map((part) => {
        if (part.type !== 'element') return part.value;
        const article = articles[next++]!;
        return (
          <a href={rulebookHref(slug, { article: article.id })} data-testid="referenced-by-article">
            {article.title ? t('references.referrerNamed', { n: article.number, title: article.title }) : t('references.referrer', { n: article.number })}
          </a>
        );
      })}
      {after}
    </p>
  );
}
