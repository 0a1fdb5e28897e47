import { useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';

/** The address of an article as a version (a release, or `draft`) has it: it stays valid when the article is renumbered. */
export function citationHref(slug: string, version: string, articleId: string): string {
  return `/r/${encodeURIComponent(slug)}/v/${encodeURIComponent(version)}/a/${encodeURIComponent(articleId)}`;
}

/**
 * "Copy link to this article": puts the absolute citation address on the clipboard and says so; where the
 * clipboard is refused, shows the address selected, to copy by hand.
 */
export function CopyArticleLink({ slug, version, articleId }: { slug: string; version: string; articleId: string }) {
  const { t } = useI18n();
  const [state, setState] = useState<'idle' | 'copied' | 'shown'>('idle');
  const url = new URL(citationHref(slug, version, articleId), window.location.origin).href;
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(url);
      setState('copied');
    } catch {
      setState('shown');
    }
  };
  return (
    <span class="copy-link" data-testid="copy-article-link">
      <button type="button" class="button-quiet button-small" onClick={() => void copy()}>
        {t('citation.copy')}
      </button>
      <span role="status" class="copy-link-status">
        {state === 'copied' && t('citation.copied')}
        {state === 'shown' && (
          <label>
            {t('citation.copyBy')}{' '}
            <input readOnly value={url} size={Math.min(url.length, 48)} ref={(input) => input?.select()} data-testid="copy-article-link-url" />
          </label>
        )}
      </span>
    </span>
  );
}
