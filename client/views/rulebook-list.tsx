import { useEffect, useState } from 'preact/hooks';
import { api } from '../api.js';
import { describeError, useI18n, type Translate } from '../i18n/index.js';
import { session } from '../session.js';
import { useStore } from '../store.js';
import { CreateRulebookForm } from './create-rulebook-form.js';
import type { RulebookSummary } from '../../shared/validation/api.js';

/** The name of a rulebook's language, or its code when the catalogue has no name for it. */
function languageName(t: Translate, code: string): string {
  return code === 'fr' || code === 'en' ? t(`language.${code}`) : code;
}

/** One rulebook in the list: title, your role, language, organisers. */
function RulebookCard({ rulebook }: { rulebook: RulebookSummary }) {
  const { t } = useI18n();
  return (
    <li class="book-card" data-testid="rulebook-item" data-slug={rulebook.slug}>
      <div class="book-card-head">
        <h2>
          <a href={`/r/${rulebook.slug}`}>{rulebook.title}</a>
        </h2>
        {rulebook.role && (
          <span class={`badge badge-${rulebook.role}`} data-testid="role-badge">
            {t(`role.${rulebook.role}`)}
          </span>
        )}
      </div>
      <p class="book-card-meta">
        <span>{t('list.language', { language: languageName(t, rulebook.language) })}</span>
        <span>
          {rulebook.organisers.length ? t('list.organisers', { names: rulebook.organisers.join(', ') }) : t('list.noOrganisers')}
        </span>
      </p>
    </li>
  );
}

/** `/`: every rulebook (public), and a form to start one for signed-in people. */
export function RulebookListPage() {
  const { t } = useI18n();
  const me = useStore(session);
  const [rulebooks, setRulebooks] = useState<RulebookSummary[] | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    document.title = `${t('list.title')} · ${t('app.name')}`;
  }, [t('list.title')]);

  useEffect(() => {
    if (me === undefined) return;
    let current = true;
    api.listRulebooks().then(
      (list) => current && setRulebooks(list),
      (err: unknown) => current && setError(err),
    );
    return () => {
      current = false;
    };
  }, [me?.id, me === undefined]);

  return (
    <div class="list-page">
      <section class="list-intro">
        <h1>{t('list.title')}</h1>
        <p class="lead">{t('list.intro')}</p>
      </section>
      {error ? (
        <p class="form-error" role="alert">
          {t('list.loadFailed')} {describeError(t, error)}
        </p>
      ) : rulebooks === null ? (
        <p class="muted" aria-busy="true">
          {t('common.loading')}
        </p>
      ) : rulebooks.length === 0 ? (
        <p class="muted">{t('list.empty')}</p>
      ) : (
        <ul class="book-list" data-testid="rulebook-list">
          {rulebooks.map((rulebook) => (
            <RulebookCard key={rulebook.slug} rulebook={rulebook} />
          ))}
        </ul>
      )}
      {me ? (
        <CreateRulebookForm />
      ) : me === null ? (
        <p class="muted">
          <a href="/signin">{t('nav.signIn')}</a> · {t('list.signInToCreate')}
        </p>
      ) : null}
    </div>
  );
}
