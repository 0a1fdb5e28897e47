import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeError, useI18n } from '../i18n/index.js';
import { FormError } from './form-error.js';
import { useAction } from './use-action.js';
import type { Participation, ParticipationPolicy, RulebookSummary } from '../../shared/validation/api.js';

const POLICIES: ParticipationPolicy[] = ['verified', 'domains', 'members'];

/** Everyone: who may comment, propose and support on this rulebook, in one sentence. */
export function ParticipationNotice({ rulebook }: { rulebook: RulebookSummary }) {
  const { t } = useI18n();
  const { policy, domains, hideSupportsUntilClose } = rulebook.participation;
  return (
    <p class="participation-notice small" data-testid="participation-notice" data-policy={policy}>
      <strong>{t('participation.title')}</strong>{' '}
      {policy === 'domains' ? t('participation.domains', { domains: domains.join(', ') }) : t(`participation.${policy}`)}
      {hideSupportsUntilClose && rulebook.consultation !== 'closed' && ` ${t('participation.supportsHidden')}`}
    </p>
  );
}

/** Organisers: choose the participation policy (the page shows the new one once the server announces it). */
export function ParticipationForm({ slug }: { slug: string }) {
  const { t } = useI18n();
  const [form, setForm] = useState<(Omit<Participation, 'domains'> & { domains: string }) | null>(null);
  const { busy, error, setError, run } = useAction(describeError);
  const [done, setDone] = useState(false);

  useEffect(() => {
    api.getRulebook(slug).then(({ participation: p }) => setForm({ ...p, domains: p.domains.join(', ') }), setError);
  }, [slug]);
  if (!form) return null;

  const submit = (event: Event) => {
    event.preventDefault();
    setDone(false);
    const domains = form.policy === 'domains' ? form.domains.split(/[\s,;]+/).filter(Boolean) : [];
    void run(async () => {
      await api.setParticipation(slug, { ...form, domains });
      setDone(true);
    });
  };
  return (
    <form class="stack" onSubmit={submit} data-testid="participation-form">
      <h3>{t('participation.title')}</h3>
      <fieldset class="stack">
        <legend>{t('participation.policy')}</legend>
        {POLICIES.map((policy) => (
          <label key={policy}>
            <input type="radio" name="policy" value={policy} checked={form.policy === policy} onChange={() => setForm({ ...form, policy })} />
            {t(`participation.option.${policy}`)}
          </label>
        ))}
      </fieldset>
      {form.policy === 'domains' && (
        <label class="field">
          <span>{t('participation.domainsField')}</span>
          <input name="domains" required value={form.domains} onInput={(e) => setForm({ ...form, domains: e.currentTarget.value })} />
        </label>
      )}
      <label>
        <input
          type="checkbox"
          name="hideSupportsUntilClose"
          checked={form.hideSupportsUntilClose ?? false}
          onChange={(e) => setForm({ ...form, hideSupportsUntilClose: e.currentTarget.checked })}
        />
        {t('participation.hideSupports')}
      </label>
      <FormError message={error} />
      {done && (
        <p class="form-success" role="status">
          {t('participation.saved')}
        </p>
      )}
      <div class="button-row">
        <button type="submit" class="button button-small" disabled={busy} data-testid="participation-save">
          {t('participation.save')}
        </button>
      </div>
    </form>
  );
}
