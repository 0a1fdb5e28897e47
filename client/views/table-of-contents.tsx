import { useState } from 'preact/hooks';
import type { TocEntry } from '../editor/toc.js';
import { useI18n } from '../i18n/index.js';

/** Sections and numbered articles of the draft; choosing one scrolls to it. Collapsible on narrow screens. */
export function TableOfContents({ entries, onSelect }: { entries: TocEntry[]; onSelect: (id: string) => void }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  return (
    <nav class={`toc${open ? ' is-open' : ''}`} aria-labelledby="toc-heading" data-testid="toc">
      <h2 id="toc-heading" class="toc-heading">
        <button type="button" class="toc-toggle" aria-expanded={open} aria-controls="toc-list" onClick={() => setOpen(!open)}>
          {t('toc.title')}
          <span class="toc-count">{entries.filter((e) => e.kind === 'article').length}</span>
        </button>
        <span class="toc-title">{t('toc.title')}</span>
      </h2>
      {entries.length === 0 ? (
        <p id="toc-list" class="toc-list muted">
          {t('toc.empty')}
        </p>
      ) : (
        <ol id="toc-list" class="toc-list">
          {entries.map((entry) => (
            <li key={entry.id} class={`toc-${entry.kind}`}>
              <button
                type="button"
                data-testid={`toc-${entry.kind}`}
                onClick={() => {
                  setOpen(false);
                  onSelect(entry.id);
                }}
              >
                {entry.kind === 'article' && <span class="toc-number">{t('toc.article', { n: entry.number })}</span>}
                <span class="toc-text">{entry.title || t('toc.untitled')}</span>
              </button>
            </li>
          ))}
        </ol>
      )}
    </nav>
  );
}
