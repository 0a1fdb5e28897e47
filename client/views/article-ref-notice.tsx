/** The notice shown when an organiser's edit removed articles that other articles refer to. */
import type { ComponentChildren } from 'preact';
import { useI18n } from '../i18n/index.js';
import type { NamedArticle, RemovedReferenced } from '../editor/referenced-removal-plugin.js';
import { rulebookHref, useDebate } from './debate-context.js';

interface RemovedReferencesNoticeProps {
  articles: RemovedReferenced[];
  /** Whether the removal is still the last edit, so that undo puts back exactly it. */
  canUndo: boolean;
  onUndo: () => void;
  /** Go to an article in the editor. */
  onReveal: (articleId: string) => void;
  onDismiss: () => void;
}

/**
 * "Article 12 “Fees” was referenced by article 3 and article 7; those references now read as removed.", one sentence
 * per removed article, each referring article a link to it in the editor, with Undo while the removal is the last edit.
 */
export function RemovedReferencesNotice({ articles, canUndo, onUndo, onReveal, onDismiss }: RemovedReferencesNoticeProps) {
  const { t, tn, lang } = useI18n();
  const { slug } = useDebate();
  const link = (article: NamedArticle) => (
    <a
      href={rulebookHref(slug, { article: article.id })}
      data-testid="removed-reference-by"
      onClick={(event) => {
        event.preventDefault();
        onReveal(article.id);
      }}
    >
      {t('references.referrer', { n: article.number })}
    </a>
  );
  const sentence = (removed: RemovedReferenced): ComponentChildren => {
    const named = removed.title ? t('references.articleNamed', { n: removed.number, title: removed.title }) : t('references.articleNumber', { n: removed.number });
    // The list is made of links: the sentence is cut where it goes, the article's name put in after the cut (a title
    // may hold anything, even "{list}").
    const [before = '', after = ''] = tn('references.removed', removed.referrers.length, { article: '{article}' }).split('{list}');
    const parts = new Intl.ListFormat(lang, { type: 'conjunction' }).formatToParts(removed.referrers.map((r) => r.id));
    let next = 0;
    return [
      before.replace('{article}', () => named),
      ...parts.map((part) => (part.type === 'element' ? link(removed.referrers[next++]!) : part.value)),
      after.replace('{article}', () => named),
    ];
  };
  return (
    <div class="ref-removed-notice" role="alert" data-testid="removed-references-notice">
      {articles.map((removed) => (
        <p key={removed.id}>{sentence(removed)}</p>
      ))}
      <div class="button-row">
        {canUndo && (
          <button type="button" class="button" data-testid="removed-references-undo" onClick={onUndo}>
            {t('references.undo')}
          </button>
        )}
        <button type="button" class="button-quiet" data-testid="removed-references-dismiss" onClick={onDismiss}>
          {t('references.dismiss')}
        </button>
      </div>
    </div>
  );
}
