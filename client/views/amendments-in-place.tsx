/** Which open amendments the live draft shows in place: the reader's choice (off, mine, all) and the control to make it. */
import { useId, useState } from 'preact/hooks';
import { useI18n, type Translate } from '../i18n/index.js';
import type { Amendment } from '../../shared/validation/amendments.js';
import type { InPlaceAmendment, InPlaceLabels } from '../editor/amendments-in-place-plugin.js';

/** Which open amendments are drawn in the draft. */
export type InPlaceMode = 'off' | 'mine' | 'all';

const STORAGE_KEY = 'amendo.amendmentsInPlace';
const MODES: readonly InPlaceMode[] = ['off', 'mine', 'all'];

function storedMode(): InPlaceMode {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    return MODES.includes(stored as InPlaceMode) ? (stored as InPlaceMode) : 'all';
  } catch {
    return 'all';
  }
}

/**
 * The reader's choice of amendments shown in the draft, remembered in this browser (all by default). "Mine" is only
 * for someone signed in: a reader who is not falls back to all.
 */
export function useInPlaceMode(signedIn: boolean): [InPlaceMode, (mode: InPlaceMode) => void] {
  const [mode, setMode] = useState<InPlaceMode>(storedMode);
  const choose = (next: InPlaceMode) => {
    setMode(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private browsing may refuse storage: the choice then lasts for this page.
    }
  };
  return [mode === 'mine' && !signedIn ? 'all' : mode, choose];
}

/** The open amendments the mode shows, as the draft draws them. */
export function shownInPlace(amendments: readonly Amendment[] | null, mode: InPlaceMode): InPlaceAmendment[] {
  if (mode === 'off' || !amendments) return [];
  return amendments
    .filter((a) => a.status === 'open' && (mode === 'all' || a.mine))
    .map((a) => ({
      id: a.id,
      number: a.number,
      kind: a.kind,
      articleId: a.articleId,
      afterArticleId: a.afterArticleId,
      title: a.title,
      text: a.text,
      content: a.content,
      updatedAt: a.updatedAt,
    }));
}

/** The words of the changes drawn in the draft. */
export function inPlaceLabels(t: Translate): InPlaceLabels {
  const names = { insert: 'inPlace.insert', delete: 'inPlace.delete', replace: 'inPlace.replace', newArticle: 'inPlace.newArticleLabel', deleteArticle: 'inPlace.deleteArticleLabel' } as const;
  return {
    describe: (kind, n) => t(names[kind], { n }),
    newArticle: (n, title) => t('inPlace.newArticle', { n, title }),
    deleteArticle: (n) => t('inPlace.deleteArticle', { n }),
  };
}

/** The segmented control above the draft choosing which open amendments it shows, with how many it shows. */
export function InPlaceToggle({ mode, signedIn, shown, onChange }: { mode: InPlaceMode; signedIn: boolean; shown: number; onChange: (mode: InPlaceMode) => void }) {
  const { t, tn } = useI18n();
  const name = useId();
  const modes = signedIn ? MODES : MODES.filter((m) => m !== 'mine');
  return (
    <div class="inplace-bar">
      <fieldset class="inplace-toggle" data-testid="inplace-toggle">
        <legend>{t('inPlace.legend')}</legend>
        <div class="inplace-segments">
          {modes.map((m) => (
            <label key={m} class={`inplace-segment${m === mode ? ' is-on' : ''}`}>
              <input type="radio" name={name} value={m} checked={m === mode} data-testid={`inplace-mode-${m}`} onChange={() => onChange(m)} />
              <span>{t(`inPlace.${m}`)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {mode !== 'off' && (
        <span class="inplace-count muted small" data-testid="inplace-count">
          {tn('inPlace.shown', shown)}
        </span>
      )}
    </div>
  );
}
