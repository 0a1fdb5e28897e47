import { useState } from 'preact/hooks';
import { api } from '../api.js';
import { useI18n } from '../i18n/index.js';
import { fromLocalInput, toLocalInput, type Consultation } from '../format.js';
import type { RulebookSummary } from '../../shared/validation/api.js';
import { FormError } from './form-error.js';
import { useAction } from './use-action.js';

const WEEK_MS = 7 * 24 * 3600_000;

/**
 * Organisers: "Close now" while the consultation is open, and "Reopen" once it has closed, until a closing time they
 * choose (a week ahead unless they change it). Each sends only the closing time: the opening time stays.
 */
export function WindowShortcuts({ rulebook, state, onChanged }: { rulebook: RulebookSummary; state: Consultation; onChanged: (next: RulebookSummary) => void }) {
  const { t } = useI18n();
  const { busy, error, setError, run } = useAction();
  const [reopening, setReopening] = useState(false);
  const [closesAt, setClosesAt] = useState('');
  const close = (iso: string) => run(async () => onChanged(await api.setWindow(rulebook.slug, { closesAt: iso })));

  if (state === 'open') {
    return (
      <div class="window-shortcuts">
        <button
          type="button"
          class="button button-small"
          disabled={busy}
          data-testid="window-close-now"
          onClick={() => window.confirm(t('window.closeNowConfirm')) && void close(new Date().toISOString())}
        >
          {t('window.closeNow')}
        </button>
        <FormError message={error} />
      </div>
    );
  }
  if (state !== 'closed') return null;
  if (!reopening) {
    return (
      <div class="window-shortcuts">
        <button
          type="button"
          class="button button-small"
          data-testid="window-reopen"
          onClick={() => {
            setClosesAt(toLocalInput(new Date(Date.now() + WEEK_MS).toISOString()));
            setReopening(true);
          }}
        >
          {t('window.reopen')}
        </button>
      </div>
    );
  }
  const submit = (event: Event) => {
    event.preventDefault();
    const closes = fromLocalInput(closesAt);
    if (!closes || Date.parse(closes) <= Date.now()) return setError(t('window.reopenInPast'));
    void close(closes).then((done) => done && setReopening(false));
  };
  return (
    <form class="window-shortcuts" onSubmit={submit} data-testid="reopen-form">
      <label class="field">
        <span>{t('window.reopenUntil')}</span>
        <input type="datetime-local" name="closesAt" required value={closesAt} onInput={(e) => setClosesAt(e.currentTarget.value)} />
      </label>
      <button type="submit" class="button button-small" disabled={busy} data-testid="reopen-submit">
        {t('window.reopenSubmit')}
      </button>
      <button type="button" class="button-quiet" onClick={() => setReopening(false)}>
        {t('common.cancel')}
      </button>
      <FormError message={error} />
    </form>
  );
}
