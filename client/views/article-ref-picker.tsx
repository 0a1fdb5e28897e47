/** The organisers' picker of an article to refer to, searched by number or by words of its title. */
import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { useI18n } from '../i18n/index.js';
import type { NamedArticle } from '../editor/referenced-removal-plugin.js';

const fold = (text: string) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** The articles a search names: by number ("12", "art. 12", "article 1…", exact first) or by all its words in the title. */
function matching(articles: readonly NamedArticle[], query: string): NamedArticle[] {
  const wanted = fold(query.trim());
  if (!wanted) return [...articles];
  const number = /^(?:art(?:icle)?\.?\s*)?(\d+)$/.exec(wanted)?.[1];
  if (number) {
    const exact = articles.filter((a) => String(a.number) === number);
    return [...exact, ...articles.filter((a) => String(a.number).startsWith(number) && !exact.includes(a))];
  }
  const words = wanted.split(/\s+/);
  return articles.filter((a) => words.every((word) => fold(a.title).includes(word)));
}

interface ArticleRefPickerProps {
  /** The draft's articles, in order. */
  articles: readonly NamedArticle[];
  onChoose: (article: NamedArticle) => void;
  onClose: () => void;
}

/**
 * A modal dialog with a search field over the list of articles (a combobox and its listbox): the arrow keys move
 * through the matches, Enter or a click inserts the one chosen, Escape or Cancel close it.
 */
export function ArticleRefPicker({ articles, onChoose, onClose }: ArticleRefPickerProps) {
  const { t } = useI18n();
  const id = useId();
  const dialog = useRef<HTMLDialogElement>(null);
  const search = useRef<HTMLInputElement>(null);
  const [query, setQuery] = useState('');
  const [active, setActive] = useState(0);
  const matches = useMemo(() => matching(articles, query), [articles, query]);
  const chosen = matches[Math.min(active, matches.length - 1)];
  const optionId = (article: NamedArticle) => `${id}-option-${article.id}`;

  useLayoutEffect(() => {
    const element = dialog.current!;
    element.showModal();
    search.current!.focus();
    return () => element.close();
  }, []);
  useEffect(() => {
    if (chosen) document.getElementById(optionId(chosen))?.scrollIntoView({ block: 'nearest' });
  }, [chosen?.id]);

  const onKeyDown = (event: KeyboardEvent) => {
    const last = matches.length - 1;
    const moves: Record<string, number> = { ArrowDown: Math.min(active + 1, last), ArrowUp: Math.max(active - 1, 0), PageDown: Math.min(active + 8, last), PageUp: Math.max(active - 8, 0) };
    if (event.key in moves) {
      event.preventDefault();
      setActive(moves[event.key]!);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      if (chosen) onChoose(chosen);
    }
  };

  return (
    <dialog
      ref={dialog}
      class="confirm-dialog ref-picker"
      aria-labelledby={`${id}-title`}
      data-testid="ref-picker"
      onCancel={(event) => {
        event.preventDefault();
        onClose();
      }}
    >
      <div class="confirm-dialog-frame">
        <h2 id={`${id}-title`} class="confirm-dialog-title">
          {t('references.pickerTitle')}
        </h2>
        <div class="confirm-dialog-body">
          <label class="field">
            <span>{t('references.search')}</span>
            <input
              type="text"
              ref={search}
              role="combobox"
              autoComplete="off"
              spellcheck={false}
              aria-autocomplete="list"
              aria-expanded={matches.length > 0}
              aria-controls={`${id}-list`}
              aria-activedescendant={chosen ? optionId(chosen) : undefined}
              aria-describedby={`${id}-hint`}
              value={query}
              data-testid="ref-picker-search"
              onInput={(event) => {
                setQuery(event.currentTarget.value);
                setActive(0);
              }}
              onKeyDown={onKeyDown}
            />
          </label>
          <p id={`${id}-hint`} class="muted ref-picker-hint">
            {t('references.searchHint')}
          </p>
          <ul id={`${id}-list`} class="ref-picker-list" role="listbox" aria-label={t('references.pickerTitle')} data-testid="ref-picker-list">
            {matches.map((article) => (
              <li
                key={article.id}
                id={optionId(article)}
                role="option"
                class="ref-picker-option"
                aria-selected={article === chosen}
                data-testid="ref-picker-option"
                // Focus stays in the search field, whose active option this becomes.
                onMouseDown={(event) => event.preventDefault()}
                onClick={() => onChoose(article)}
              >
                <span class="ref-picker-number">{t('references.option', { n: article.number })}</span>
                <span class="ref-picker-title">{article.title || t('references.untitled')}</span>
              </li>
            ))}
          </ul>
          <p role="status" class="muted">
            {matches.length === 0 ? t('references.none') : ''}
          </p>
        </div>
        <div class="confirm-dialog-foot">
          <div class="button-row">
            <button type="button" class="button-quiet" data-testid="ref-picker-cancel" onClick={onClose}>
              {t('common.cancel')}
            </button>
            <button type="button" class="button" disabled={!chosen} data-testid="ref-picker-insert" onClick={() => chosen && onChoose(chosen)}>
              {t('references.insert')}
            </button>
          </div>
        </div>
      </div>
    </dialog>
  );
}
